package dev.vedette.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The clients against the server's real backpressure: with a rate bound of one request every two
 * seconds per key, three single-record requests in a row get 429 with {@code Retry-After}; each
 * client waits as told and delivers all three, losing none.
 */
class ClientsUnderRateLimitTest {
    private static final String KEY = "vk_rateLim1_" + "r".repeat(32);
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    private static ConfigurableApplicationContext server;
    private static String url;

    @BeforeAll
    static void start() {
        server = SpringApplication.run(
                VedetteServer.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;USER=sa",
                "--spring.jmx.enabled=false",
                "--vedette.checks.disk-space.enabled=false",
                "--vedette.ingest.rate.requests-per-second=0.5",
                "--vedette.ingest.rate.burst=1",
                "--vedette.ingest.keys[0].name=rate-test",
                "--vedette.ingest.keys[0].scope=admin",
                "--vedette.ingest.keys[0].key=" + KEY);
        url = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePythonClientWaitsOutA429AndLosesNothing() throws Exception {
        ClientProcess.requireTool(
                "python3", "Python 3.9+", "python3", "-c", "import sys; assert sys.version_info >= (3, 9)");
        String script = """
                import json, os
                from vedette import Client
                c = Client(os.environ["VEDETTE_URL"], key=os.environ["VEDETTE_KEY"], batch_size=1, flush_at_exit=False)
                for i in range(3):
                    c.log("INFO", "python %d" % i)
                c.flush(60)
                s = c.stats()
                print(json.dumps({"sent": s.sent, "rejected": s.rejected, "dropped": s.dropped, "retries": s.retries}))
                """;
        ClientProcess run = ClientProcess.run(REPO.resolve("clients/python"), env(), List.of("python3", "-c", script));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .as(run.output())
                .containsPattern("\\{\"sent\": 3, \"rejected\": 0, \"dropped\": 0, \"retries\": [1-9]");
    }

    @Test
    void theNodeClientWaitsOutA429AndLosesNothing() throws Exception {
        ClientProcess.requireTool(
                "node",
                "Node 18+",
                "node",
                "-e",
                "process.exit(Number(process.versions.node.split('.')[0]) >= 18 ? 0 : 1)");
        String script = """
                import { Client } from './index.js';
                const c = new Client({ url: process.env.VEDETTE_URL, key: process.env.VEDETTE_KEY, batchSize: 1, flushOnExit: false });
                for (let i = 0; i < 3; i++) { c.log('INFO', `node ${i}`); await c.flush(60000); }
                const s = c.stats();
                console.log(JSON.stringify({ sent: s.sent, rejected: s.rejected, dropped: s.dropped, retries: s.retries }));
                """;
        ClientProcess run = ClientProcess.run(
                REPO.resolve("clients/node"), env(), List.of("node", "--input-type=module", "-e", script));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .as(run.output())
                .containsPattern("\\{\"sent\":3,\"rejected\":0,\"dropped\":0,\"retries\":[1-9]");
    }

    private static Map<String, String> env() {
        return Map.of("VEDETTE_URL", url, "VEDETTE_KEY", KEY);
    }
}
