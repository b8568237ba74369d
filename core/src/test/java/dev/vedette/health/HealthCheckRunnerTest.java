package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.HealthSummary;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckRunnerTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final HealthCheckRunner runner = new HealthCheckRunner(clock);
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void close() {
        never.countDown();
        runner.close();
    }

    private HealthCheck hung(String name, Duration timeout) {
        return new HealthCheck() {
            @Override
            public HealthReport check() throws Exception {
                never.await();
                return HealthReport.up(name, Duration.ZERO);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }

    @Test
    void hungCheckTimesOutAsDownWhileTheOthersReportNormally() {
        long start = System.nanoTime();
        List<HealthReport> reports = runner.runAll(List.of(
                HealthChecks.of("db", () -> HealthStatus.UP).build(),
                hung("paypal", Duration.ofMillis(100)),
                HealthChecks.of("smtp", () -> HealthStatus.DEGRADED).build()));

        assertThat(reports).extracting(HealthReport::component).containsExactly("db", "paypal", "smtp");
        assertThat(reports)
                .extracting(HealthReport::status)
                .containsExactly(HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DEGRADED);
        assertThat(reports.get(1).message()).isEqualTo("timed out after 100ms");
        assertThat(reports.get(1).responseTime()).isEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HealthCheck.DEFAULT_TIMEOUT);
    }

    @Test
    void timeoutMessageUsesTheCheckOwnTimeout() {
        HealthReport report = runner.run(hung("slow", Duration.ofSeconds(1)));

        assertThat(report.message()).isEqualTo("timed out after 1s");
        assertThat(report.details()).containsEntry("timeoutMs", 1000L);
    }

    @Test
    void hungCheckIsInterruptedAfterItsTimeout() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        HealthCheck check = new HealthCheck() {
            @Override
            public HealthReport check() {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return HealthReport.up("x", Duration.ZERO);
            }

            @Override
            public Duration timeout() {
                return Duration.ofMillis(50);
            }
        };

        runner.run(check);

        interrupted.await();
        assertThat(interrupted.getCount()).isZero();
    }

    @Test
    void throwingCheckIsDownWithExceptionClassAndMessage() {
        HealthReport report = runner.run(HealthChecks.of("redis", () -> {
                    throw new IllegalStateException("pool exhausted");
                })
                .build());

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.component()).isEqualTo("redis");
        assertThat(report.message()).isEqualTo("IllegalStateException: pool exhausted");
        assertThat(report.details()).containsEntry("exception", "java.lang.IllegalStateException");
        assertThat(report.responseTime()).isNotNull();
    }

    @Test
    void reportForAnotherComponentIsRelabelledToTheCheckName() {
        HealthReport report = runner.run(HealthChecks.ofReport(
                        "payments",
                        () -> HealthReport.builder("something-else", HealthStatus.DEGRADED)
                                .message("slow provider")
                                .detail("provider", "stripe")
                                .build())
                .build());

        assertThat(report.component()).isEqualTo("payments");
        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.message()).isEqualTo("slow provider");
        assertThat(report.details()).containsEntry("provider", "stripe");
    }

    @Test
    void plainHealthCheckReportIsRelabelledStampedAndTimed() {
        HealthCheck check = new HealthCheck() {
            @Override
            public HealthReport check() {
                return HealthReport.builder("inner", HealthStatus.UP)
                        .checkedAt(Instant.EPOCH)
                        .build();
            }

            @Override
            public String name() {
                return "outer";
            }
        };

        HealthReport report = runner.run(check);

        assertThat(report.component()).isEqualTo("outer");
        assertThat(report.checkedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(report.responseTime()).isNotNull();
    }

    @Test
    void everyReportIsStampedWithTheClockAtRunStart() {
        AtomicBoolean moved = new AtomicBoolean();
        List<HealthReport> reports = runner.runAll(List.of(
                HealthChecks.of("a", () -> {
                            clock.advance(Duration.ofMinutes(5));
                            moved.set(true);
                            return HealthStatus.UP;
                        })
                        .build(),
                HealthChecks.ofReport("b", () -> HealthReport.up("b", Duration.ofMillis(7)))
                        .build()));

        assertThat(moved).isTrue();
        assertThat(reports).extracting(HealthReport::checkedAt).containsOnly(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(reports.get(1).responseTime()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void checksRunInParallelOnDaemonVirtualThreads() {
        CountDownLatch all = new CountDownLatch(3);
        AtomicReference<Thread> thread = new AtomicReference<>();
        List<HealthCheck> checks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            checks.add(HealthChecks.of("c" + i, () -> {
                        thread.set(Thread.currentThread());
                        all.countDown();
                        all.await(); // only returns if all three run at the same time
                        return HealthStatus.UP;
                    })
                    .timeout(Duration.ofSeconds(5))
                    .build());
        }

        List<HealthReport> reports = runner.runAll(checks);

        assertThat(reports).extracting(HealthReport::status).containsOnly(HealthStatus.UP);
        assertThat(thread.get().isVirtual()).isTrue();
        assertThat(thread.get().isDaemon()).isTrue();
    }

    @Test
    void nullReportIsUnknown() {
        HealthCheck check = () -> null;

        HealthReport report = runner.run(check);

        assertThat(report.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(report.message()).isEqualTo("check returned no report");
    }

    @Test
    void unusableNameAndTimeoutFallBackToDefaults() {
        HealthCheck check = new HealthCheck() {
            @Override
            public HealthReport check() {
                return HealthReport.up("x", Duration.ZERO);
            }

            @Override
            public String name() {
                return "  ";
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(-1);
            }
        };

        HealthReport report = runner.run(check);

        assertThat(report.component()).isEqualTo("unnamed-check");
        assertThat(report.status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void hugeTimeoutDoesNotOverflow() {
        HealthReport report = runner.run(HealthChecks.of("a", () -> HealthStatus.UP)
                .timeout(Duration.ofDays(365L * 1_000))
                .build());

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void summaryTakesTheWorstStatus() {
        HealthSummary summary = runner.runSummary(List.of(
                HealthChecks.of("a", () -> HealthStatus.UP).build(),
                HealthChecks.of("b", () -> HealthStatus.UNKNOWN).build(),
                HealthChecks.of("c", () -> HealthStatus.DEGRADED).build()));
        HealthSummary down = runner.runSummary(List.of(
                HealthChecks.of("a", () -> HealthStatus.DEGRADED).build(),
                HealthChecks.of("b", () -> HealthStatus.DOWN).build()));

        assertThat(summary.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(summary.checkedAt()).isEqualTo(clock.instant());
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(runner.runSummary(List.of()).status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void closedRunnerReportsUnknownInsteadOfThrowing() {
        runner.close();

        HealthReport report =
                runner.run(HealthChecks.of("a", () -> HealthStatus.UP).build());

        assertThat(report.status()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(report.message()).isEqualTo("runner is closed");
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> new HealthCheckRunner(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clock must not be null");
        assertThatThrownBy(() -> runner.runAll(null)).hasMessage("checks must not be null");
        List<HealthCheck> withNull = new ArrayList<>();
        withNull.add(HealthChecks.of("a", () -> HealthStatus.UP).build());
        withNull.add(null);
        assertThatThrownBy(() -> runner.runAll(withNull)).hasMessage("checks[1] must not be null");
    }
}
