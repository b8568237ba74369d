package dev.vedette.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ```sh} and {@code ```bash} blocks of a Markdown page, with the line each starts on: the server's docs run
 * their {@code curl} blocks against a live server and check that their {@code java -jar} commands
 * name the jar the build packages.
 *
 * @param line 1-based line of the opening fence
 * @param code the block's text
 */
record DocsShellBlocks(int line, String code) {
    private static final Pattern BLOCK = Pattern.compile("(?m)^```(?:sh|bash)\\n(.*?)^```$", Pattern.DOTALL);
    static final Pattern JAR = Pattern.compile("java -jar (\\S+\\.jar)");

    static List<DocsShellBlocks> of(Path page) throws IOException {
        String text = Files.readString(page);
        Matcher m = BLOCK.matcher(text);
        List<DocsShellBlocks> blocks = new java.util.ArrayList<>();
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).lines().count() + 1;
            blocks.add(new DocsShellBlocks(line, m.group(1)));
        }
        return blocks;
    }

    boolean callsTheServer() {
        return code.strip().startsWith("curl");
    }
}
