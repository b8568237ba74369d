package dev.vedette.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients' test suites against the real server: the packaged jar is started with {@code java
 * -jar} on a free port with its defaults in a throwaway directory (so its H2 file is {@code
 * ./vedette-data/} there), the admin key it prints is handed to {@code python3
 * -m unittest discover} in {@code clients/python} and to {@code node --test} in {@code
 * clients/node} (as {@code VEDETTE_URL} and {@code VEDETTE_KEY}), whose integration tests record,
 * flush and read back through the dashboard API. Then the server restarts on the same file and
 * prints no new key, and the first one still works.
 *
 * <p>Needs Python 3.9+ and Node 18+ on the PATH: without them the test fails when {@code CI=true}
 * and is skipped, with the reason, elsewhere.
 */
class ClientsAgainstServerIT {
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Path REPO = Path.of(System.getProperty("vedette.repo.root", ".."))
            .toAbsolutePath()
            .normalize();

    @Test
    void pythonAndNodeClientsRecordAndReadBackThroughTheServerJar(@TempDir Path dir) throws Exception {
        String python = ClientProcess.requireTool(
                "python3",
                "Python 3.9+",
                "python3",
                "-c",
                "import sys; assert sys.version_info >= (3, 9), sys.version; print(sys.version.split()[0])");
        String node = ClientProcess.requireTool(
                "node",
                "Node 18+",
                "node",
                "-e",
                "const [major] = process.versions.node.split('.').map(Number); if (major < 18) process.exit(1); console.log(process.version)");

        String url;
        String key;
        // the defaults, as a user runs it: an H2 file under ./vedette-data of the directory it starts in
        try (ServerProcess server = ServerProcess.start(dir, "--server.port=0")) {
            url = server.await(ServerProcess.DASHBOARD, STARTUP);
            key = server.await(ServerProcess.ADMIN_KEY, Duration.ofSeconds(30));
            Map<String, String> env = Map.of("VEDETTE_URL", url, "VEDETTE_KEY", key);

            ClientProcess py = ClientProcess.run(
                    REPO.resolve("clients/python"),
                    env,
                    List.of("python3", "-m", "unittest", "discover", "-v", "-s", "tests", "-t", "."));
            assertThat(py.exitCode())
                    .as(
                            "python3 %s: python3 -m unittest discover in clients/python exited with %d; its output:%n%s"
                                    + "%n%nthe server's output:%n%s",
                            python, py.exitCode(), py.output(), server.output())
                    .isZero();
            assertThat(py.output())
                    .as("the integration tests ran, not skipped")
                    .contains("AgainstServerTest")
                    .doesNotContain("skipped 'set VEDETTE_URL");

            ClientProcess js = ClientProcess.run(REPO.resolve("clients/node"), env, List.of("node", "--test", "test/"));
            assertThat(js.exitCode())
                    .as(
                            "node %s: node --test in clients/node exited with %d; its output:%n%s%n%nthe server's output:%n%s",
                            node, js.exitCode(), js.output(), server.output())
                    .isZero();
            assertThat(js.output())
                    .as("the integration tests ran, not skipped")
                    .contains("reads back a transaction recorded in steps, with its timeline")
                    .doesNotContain("# SKIP");

            List<DocsShellBlocks> blocks = DocsShellBlocks.of(REPO.resolve("docs/server.md"));
            assertThat(blocks)
                    .as("sh blocks of docs/server.md")
                    .anySatisfy(b -> assertThat(b.callsTheServer()).isTrue());
            for (DocsShellBlocks block : DocsShellBlocks.of(REPO.resolve("README.md"))) {
                var jar = DocsShellBlocks.JAR.matcher(block.code());
                while (jar.find()) {
                    assertThat(REPO.resolve(jar.group(1)).normalize())
                            .as("README.md:%d runs %s", block.line(), jar.group(1))
                            .isEqualTo(ServerProcess.jar().toAbsolutePath().normalize());
                }
            }
            for (DocsShellBlocks block : blocks) {
                if (block.callsTheServer()) {
                    ClientProcess sh =
                            ClientProcess.run(REPO, env, List.of("bash", "-euo", "pipefail", "-c", block.code()));
                    assertThat(sh.exitCode())
                            .as(
                                    "docs/server.md:%d exited with %d:%n%s%n%s",
                                    block.line(), sh.exitCode(), block.code(), sh.output())
                            .isZero();
                }
                var jar = DocsShellBlocks.JAR.matcher(block.code());
                while (jar.find()) {
                    assertThat(REPO.resolve(jar.group(1)).normalize())
                            .as("docs/server.md:%d runs %s", block.line(), jar.group(1))
                            .isEqualTo(ServerProcess.jar().toAbsolutePath().normalize());
                }
            }

            assertThat(server.output().split(java.util.regex.Pattern.quote(key.substring(12)), -1))
                    .as("the admin key appears once in the server's output (where it is printed), never in a log line")
                    .hasSize(2);
            assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }

        assertThat(dir.resolve("vedette-data/vedette.mv.db"))
                .as("the default database file")
                .isRegularFile();

        try (ServerProcess again = ServerProcess.start(dir, "--server.port=0")) {
            String url2 = again.await(ServerProcess.DASHBOARD, STARTUP);
            assertThat(again.output())
                    .as("a second start prints no new admin key")
                    .doesNotContainPattern(ServerProcess.ADMIN_KEY);
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url2 + "/vedette/api/transactions?limit=1"))
                                    .header("Authorization", "Bearer " + key)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode())
                    .as("the first admin key after a restart: %s", page.body())
                    .isEqualTo(200);
            assertThat(page.body())
                    .as("what the clients stored survived the restart")
                    .contains("\"items\":[{");
        }
    }
}
