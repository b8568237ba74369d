package dev.vedette.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process {@link IngestHarness} sends to: the Vedette server's jar, or the raw ceiling (this
 * module's {@code IngestHarness raw-server}), each in a JVM of its own with the same heap, on a free
 * port, its output in {@code benchmarks/target/results/}. Closing it stops the process.
 */
final class IngestTarget implements AutoCloseable {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String HEAP = System.getProperty("vbench.targetHeap", "1g");

    private final Process process;
    private final int port;

    private IngestTarget(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** A fresh key of the documented shape, {@code vk_<8>_<32>}. */
    static String key() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("vk_");
        for (int i = 0; i < 41; i++) {
            b.append(i == 8 ? '_' : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The server jar ({@code server/target/vedette-server-*.jar}) on PostgreSQL with one ingest key. */
    static IngestTarget startServer(String jdbcUrl, String key, int senders) throws IOException, InterruptedException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("server", "target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("vedette-server-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no server/target/vedette-server-*.jar: build it (benchmarks/ingest-http.sh does)"));
        }
        Path dir = Files.createTempDirectory("vbench-ingest-server");
        List<String> command =
                new ArrayList<>(List.of("-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(4, senders / 2),
                "--vedette.spool.directory=" + dir.resolve("spool"),
                "--vedette.ingest.keys[0].name=bench",
                "--vedette.ingest.keys[0].scope=ingest",
                "--vedette.ingest.keys[0].key=" + key,
                // the harness measures the pipeline, not the per-key bound
                "--vedette.ingest.rate.requests-per-second=1000000",
                "--vedette.ingest.rate.burst=1000000"));
        return start("server", dir, command, "/actuator/health");
    }

    /** The raw pgjdbc ceiling. */
    static IngestTarget startRaw(List<String> args) throws IOException, InterruptedException {
        // absolute entries: the process runs in a directory of its own
        String classPath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        List<String> command = new ArrayList<>(List.of("-cp", classPath, IngestHarness.class.getName(), "raw-server"));
        command.addAll(args);
        return start("raw", Files.createTempDirectory("vbench-ingest-raw"), command, "/raw/ready");
    }

    private static IngestTarget start(String name, Path dir, List<String> args, String readyPath)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms" + HEAP, "-Xmx" + HEAP));
        command.addAll(args);
        command.add("--server.port=" + port);
        Path log = Path.of("benchmarks", "target", "results", "ingest-" + name + ".log")
                .toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        IngestTarget target = new IngestTarget(p, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    System.out.printf("%s up on port %d (log %s)%n", name, port, log);
                    return target;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                target.close();
                throw new IllegalStateException(name + " did not answer " + readyPath + " within 180 s, see " + log);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the server shuts down gracefully and flushes what is queued
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
