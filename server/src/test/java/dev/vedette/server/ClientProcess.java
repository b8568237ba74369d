package dev.vedette.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client test suite run as a process ({@code python3 -m unittest}, {@code node --test}) with the
 * server's URL and key in its environment.
 *
 * @param exitCode the process's exit code, or -1 if it did not end in time
 * @param output what it printed (stdout and stderr)
 */
record ClientProcess(int exitCode, String output) {

    static ClientProcess run(Path dir, Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (var in = process.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        });
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        return new ClientProcess(ended ? process.exitValue() : -1, text);
    }

    /**
     * The version a tool prints, or: fails under {@code CI=true}, and skips the test elsewhere, saying
     * what is needed.
     */
    static String requireTool(String name, String needed, String... versionCommand) {
        String version = version(versionCommand);
        if (version == null) {
            String reason = name + " is not on the PATH or too old: the client tests need " + needed;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason);
            }
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        return version;
    }

    /** The first line a command prints, e.g. its version; null if it cannot be run. */
    static String version(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out.lines().findFirst().orElse("") : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
