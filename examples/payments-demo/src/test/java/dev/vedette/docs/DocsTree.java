package dev.vedette.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's Markdown documentation: {@code README.md} and every {@code docs/**}{@code
 * /*.md}, with their fenced code blocks and relative links.
 */
final class DocsTree {
    private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```\\s*([\\w+-]*)\\s*$");
    private static final Pattern FENCE_CLOSE = Pattern.compile("^\\s*```\\s*$");
    /** {@code [text](target)} and {@code ![alt](target "title")}; the target has no spaces. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    /** Inline code, in which {@code ](} is not a link. */
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    /**
     * A fenced block.
     *
     * @param page the page, relative to the repository root, with {@code /} separators
     * @param line the 1-based line of the opening fence; the code starts on the next line
     * @param language the info string ({@code java}, {@code yaml}, ...), empty if none
     * @param code the lines between the fences, without the fence's indentation
     */
    record CodeBlock(String page, int line, String language, String code) {
        @Override
        public String toString() {
            return page + ":" + line;
        }
    }

    /**
     * A link outside code.
     *
     * @param page the page that links, relative to the repository root
     * @param line the 1-based line of the link
     * @param target the target as written, anchor included
     */
    record Link(String page, int line, String target) {
        boolean isRelative() {
            return !target.startsWith("#") && !target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
        }

        /** The file a relative link points to, without its anchor. */
        Path resolveIn(Path root) {
            String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            return root.resolve(page).getParent().resolve(file).normalize();
        }
    }

    private final Path root;

    private DocsTree(Path root) {
        this.root = root;
    }

    /** The docs of the repository that contains the working directory (a module or the root). */
    static DocsTree locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no directory above " + Path.of("").toAbsolutePath() + " holds both docs/ and README.md");
        }
        return new DocsTree(dir);
    }

    Path root() {
        return root;
    }

    /** README.md, then every page under docs/, sorted, as paths relative to the root. */
    List<String> pages() {
        List<String> pages = new ArrayList<>();
        pages.add("README.md");
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    List<CodeBlock> codeBlocks() {
        List<CodeBlock> blocks = new ArrayList<>();
        for (String page : pages()) {
            blocks.addAll(codeBlocks(page, read(page)));
        }
        return blocks;
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (String page : pages()) {
            links.addAll(links(page, read(page)));
        }
        return links;
    }

    private String read(String page) {
        try {
            return Files.readString(root.resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced blocks of one page's text; an unclosed fence runs to the end of the page. */
    static List<CodeBlock> codeBlocks(String page, String text) {
        List<CodeBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE_OPEN.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            StringBuilder code = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !FENCE_CLOSE.matcher(lines[j]).matches(); j++) {
                String line = lines[j];
                int strip = 0;
                while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
                    strip++;
                }
                code.append(line.substring(strip)).append('\n');
            }
            blocks.add(new CodeBlock(page, i + 1, open.group(2), code.toString()));
            i = j;
        }
        return blocks;
    }

    /** The links of one page's text, outside fenced blocks and inline code. */
    static List<Link> links(String page, String text) {
        List<Link> links = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean inFence = false;
        for (int i = 0; i < lines.length; i++) {
            if (inFence
                    ? FENCE_CLOSE.matcher(lines[i]).matches()
                    : FENCE_OPEN.matcher(lines[i]).matches()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher m = LINK.matcher(INLINE_CODE.matcher(lines[i]).replaceAll(""));
            while (m.find()) {
                links.add(new Link(page, i + 1, m.group(1)));
            }
        }
        return links;
    }
}
