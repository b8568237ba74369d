package dev.vedette.notifiers;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The health check of the HTTP notifiers: sends one request and times it; the channel judges the
 * answer, and an exception (unreachable, timed out) is DOWN with the redacted cause. Never throws.
 */
final class HealthProbe {
    private HealthProbe() {}

    /**
     * An answer to the probe and what a verdict is made of.
     *
     * @param component the component reported on, {@code notifier-<name>}
     * @param peer how reasons name the other side, e.g. {@code Slack}
     */
    record Answer(String component, String peer, Response response, Duration took) {
        int code() {
            return response.code();
        }

        /** UP with the response time only. */
        HealthReport up() {
            return HealthReport.up(component, took);
        }

        /** A report with the response time, a message and the HTTP status as detail {@code status}. */
        HealthReport report(HealthStatus status, String message) {
            return HealthReport.builder(component, status)
                    .responseTime(took)
                    .message(message)
                    .detail("status", code())
                    .build();
        }

        /** {@code <peer> answered HTTP <code>}. */
        String answeredHttp() {
            return peer + " answered HTTP " + code();
        }
    }

    /** Sends {@code request} and returns the verdict on the answer, or DOWN when there was none. */
    static Optional<HealthReport> run(
            OkHttpClient client,
            Request request,
            ChannelConfig config,
            String peer,
            Redactor redactor,
            Function<Answer, HealthReport> verdict) {
        long start = System.nanoTime();
        String component = config.healthComponent();
        try (Response response = client.newCall(request).execute()) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return Optional.of(verdict.apply(new Answer(component, peer, response, took)));
        } catch (Exception e) {
            return Optional.of(HealthReport.down(
                    component,
                    Duration.ofNanos(System.nanoTime() - start),
                    peer + " unreachable: " + redactor.describe(e)));
        }
    }
}
