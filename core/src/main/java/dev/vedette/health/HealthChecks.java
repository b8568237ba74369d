package dev.vedette.health;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * The built-in health checks. Each factory returns a builder with documented defaults; {@code
 * build()} returns an immutable, thread-safe {@link HealthCheck}. Every check measures its own
 * response time, reports useful {@link HealthReport#details() details}, and turns the failures it
 * expects (connection refused, bad status, SQL errors) into a DOWN report instead of throwing.
 * All checks share {@link HealthCheckBuilder#timeout(java.time.Duration) timeout} (default 5 s) and {@link
 * HealthCheckBuilder#interval(java.time.Duration) interval} (default 30 s).
 *
 * <pre>{@code
 * List<HealthCheck> checks = List.of(
 *     HealthChecks.jdbc("database", dataSource).validationQuery("SELECT 1").build(),
 *     HealthChecks.http("paypal", URI.create("https://api-m.paypal.com/v1/notifications/webhooks"))
 *         .expectStatus(200, 401)
 *         .build(),
 *     HealthChecks.smtp("smtp", "smtp.example.com", 587).startTls(true).build(),
 *     HealthChecks.diskSpace("disk", Path.of("/var/lib/app")).build(),
 *     HealthChecks.of("redis", () -> redis.ping() ? HealthStatus.UP : HealthStatus.DOWN).build());
 * try (HealthCheckRunner runner = new HealthCheckRunner(Clock.systemUTC())) {
 *     List<HealthReport> reports = runner.runAll(checks);
 * }
 * }</pre>
 *
 * <p>All factories throw {@link IllegalArgumentException} for a null, blank or over-long (more than
 * {@value HealthReport#MAX_COMPONENT_LENGTH} characters) name and for null arguments.
 *
 * @see HealthCheckRunner
 */
public final class HealthChecks {
    private HealthChecks() {}

    /**
     * A database check over a {@link DataSource}: {@link java.sql.Connection#isValid(int)}, an
     * optional validation query, DEGRADED above 1 s. See {@link JdbcCheck}.
     */
    public static JdbcCheck.Builder jdbc(String name, DataSource dataSource) {
        return new JdbcCheck.Builder(name, dataSource);
    }

    /**
     * An HTTP(S) endpoint check: status 200–399 expected, DEGRADED above 2 s or when the TLS
     * certificate expires within 14 days. See {@link HttpCheck}.
     *
     * @throws IllegalArgumentException also if the URI is not an absolute http or https URL
     */
    public static HttpCheck.Builder http(String name, URI uri) {
        return new HttpCheck.Builder(name, uri);
    }

    /**
     * A TCP connect check, DEGRADED above 1 s. See {@link TcpCheck}.
     *
     * @throws IllegalArgumentException also if the port is not between 1 and 65535
     */
    public static TcpCheck.Builder tcp(String name, String host, int port) {
        return new TcpCheck.Builder(name, host, port);
    }

    /**
     * An SMTP session check (greeting, EHLO, optional STARTTLS, QUIT), DEGRADED above 3 s. See
     * {@link SmtpCheck}.
     *
     * @throws IllegalArgumentException also if the port is not between 1 and 65535
     */
    public static SmtpCheck.Builder smtp(String name, String host, int port) {
        return new SmtpCheck.Builder(name, host, port);
    }

    /**
     * A free disk space check of the file system holding {@code path}: DEGRADED below 10 % free,
     * DOWN below 5 %. See {@link DiskSpaceCheck}.
     */
    public static DiskSpaceCheck.Builder diskSpace(String name, Path path) {
        return new DiskSpaceCheck.Builder(name, path);
    }

    /** A JVM heap check: DEGRADED above 90 % used, DOWN above 98 %. See {@link JvmHeapCheck}. */
    public static JvmHeapCheck.Builder jvmHeap(String name) {
        return new JvmHeapCheck.Builder(name);
    }

    /** A deadlocked-threads check: DOWN naming the threads. See {@link DeadlockCheck}. */
    public static DeadlockCheck.Builder deadlocks(String name) {
        return new DeadlockCheck.Builder(name);
    }

    /**
     * A check from a lambda that returns a status; the call is timed. See {@link CallableCheck}.
     *
     * <pre>{@code
     * HealthChecks.of("queue", () -> queue.size() < 10_000 ? HealthStatus.UP : HealthStatus.DEGRADED).build();
     * }</pre>
     */
    public static CallableCheck.Builder of(String name, Callable<HealthStatus> check) {
        return new CallableCheck.Builder(name, check);
    }

    /**
     * A check from a lambda that returns a whole report (status, message, details); the report is
     * re-labelled to {@code name} and gets the measured response time if it has none. See {@link
     * CallableCheck}.
     */
    public static CallableCheck.Builder ofReport(String name, Callable<HealthReport> check) {
        return new CallableCheck.Builder(name, check);
    }
}
