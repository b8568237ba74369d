package dev.vedette.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server jar ({@code java -jar target/vedette-server-*.jar}) as a child process, the way users
 * run it: the test reads the dashboard URL and the admin key from what it prints.
 */
final class ServerProcess implements AutoCloseable {
    static final Pattern DASHBOARD = Pattern.compile("Dashboard:\\s+(http://\\S+?)/vedette\\s*$");
    static final Pattern ADMIN_KEY = Pattern.compile("Admin key:\\s+(vk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32})");
    static final Pattern KEY = Pattern.compile("vk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("server-output").start(this::read);
    }

    /** The jar the build just packaged (failsafe passes its path). */
    static Path jar() {
        String jar = System.getProperty("vedette.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("vedette.server.jar does not name the packaged jar: " + jar
                    + " (run through ./mvnw verify, which packages it first)");
        }
        return Path.of(jar);
    }

    /** The java of this JVM, so the server runs on the JDK the build chose. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static ServerProcess start(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            return new ServerProcess(new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for the first line matching {@code pattern}; group 1 of it. */
    String await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("the server printed no line matching " + pattern + " within " + timeout
                            + " (alive: " + process.isAlive() + "); its output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 500_000_000L))));
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Stops the server as a service manager would (SIGTERM) and waits for it to end. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
