package dev.vedette.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "plain-java (N lines, ...)" is the length of the example. */
class ReadmeLineCountTest {

    @Test
    void theReadmeGivesTheExamplesRealLength() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        String readme = Files.readString(module.resolve("../../README.md"));
        long lines;
        try (var stream =
                Files.lines(module.resolve("src/main/java/dev/vedette/examples/plain/PlainJavaExample.java"))) {
            lines = stream.count();
        }

        Matcher claim = Pattern.compile("`plain-java` \\((\\d+) lines").matcher(readme);
        assertThat(claim.find())
                .as("README names the plain-java example's length")
                .isTrue();
        assertThat(Long.parseLong(claim.group(1))).isEqualTo(lines);
    }
}
