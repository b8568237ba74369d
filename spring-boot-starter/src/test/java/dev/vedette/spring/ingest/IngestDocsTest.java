package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * docs/ingest.md cannot rot: every {@code sh} block runs in bash against this server (curl with
 * {@code --fail-with-body}, so any 4xx or 5xx fails it), and every {@code json} block parses and
 * matches the schema of the OpenAPI document it shows.
 */
@SpringBootTest(
        classes = IngestTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.ingest.enabled=true",
            "vedette.dashboard.token=" + IngestTestApp.TOKEN,
            "vedette.ingest.keys[0].name=docs",
            "vedette.ingest.keys[0].key=" + IngestTestApp.INGEST_KEY
        })
class IngestDocsTest {
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```");

    @LocalServerPort
    int port;

    record Block(String language, int line, String code) {}

    static List<Block> blocks() throws IOException {
        Path page = Path.of("../docs/ingest.md");
        if (!Files.exists(page)) {
            page = Path.of("docs/ingest.md");
        }
        String text = Files.readString(page, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).lines().count() + 1;
            blocks.add(new Block(m.group(1), line, m.group(2)));
        }
        return blocks;
    }

    @Test
    void everyShellBlockRunsAgainstARealServer() throws Exception {
        List<Block> shell =
                blocks().stream().filter(b -> b.language().equals("sh")).toList();
        assertThat(shell).hasSizeGreaterThanOrEqualTo(5);
        for (Block b : shell) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", b.code());
            pb.environment().put("VEDETTE_URL", "http://127.0.0.1:" + port);
            pb.environment().put("VEDETTE_KEY", IngestTestApp.INGEST_KEY);
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as("docs/ingest.md:%d exited with %s:%n%s", b.line(), p.exitValue(), out)
                    .isZero();
            for (String line : out.split("(?<=})(?=\\{)")) {
                JsonNode answer = OpenApiContract.JSON.readTree(line);
                String schema = schemaOf(answer);
                assertThat(OpenApiContract.errors(schema, answer))
                        .as("docs/ingest.md:%d answered %s", b.line(), line)
                        .isEmpty();
            }
        }
    }

    @Test
    void everyJsonBlockMatchesItsSchema() throws Exception {
        List<Block> json =
                blocks().stream().filter(b -> b.language().equals("json")).toList();
        assertThat(json).hasSizeGreaterThanOrEqualTo(4);
        for (Block b : json) {
            JsonNode node = OpenApiContract.JSON.readTree(b.code());
            String schema = schemaOf(node);
            assertThat(OpenApiContract.errors(schema, node))
                    .as("docs/ingest.md:%d against %s", b.line(), schema)
                    .isEmpty();
        }
    }

    /** The schema a documented JSON value is an example of, told by its fields. */
    static String schemaOf(JsonNode node) {
        String name;
        if (node.has("accepted")) {
            name = "IngestResult";
        } else if (node.has("occurrences")) {
            name = "AlertResult";
        } else if (node.has("title") && node.has("status")) {
            name = "Problem";
        } else if (node.has("name") && node.has("status")) {
            name = "CheckInResult";
        } else {
            throw new AssertionError("no schema of the OpenAPI document fits " + node);
        }
        return "#/components/schemas/" + name;
    }
}
