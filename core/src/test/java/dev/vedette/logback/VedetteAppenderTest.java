package dev.vedette.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.vedette.Monitor;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.LogLevel;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.store.LogQuery;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class VedetteAppenderTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final LoggerContext context = new LoggerContext();
    private Monitor monitor;
    private VedetteAppender appender;

    @BeforeEach
    void setUp() {
        monitor = Monitor.builder().clock(clock).backgroundJobs(false).build();
        context.setMDCAdapter(MDC.getMDCAdapter());
        appender = new VedetteAppender();
        appender.setContext(context);
        appender.setMonitor(monitor);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        root.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        appender.stop();
        monitor.close();
        VedetteAppender.setDefaultMonitor(null);
        MDC.clear();
    }

    private List<StoredLogEntry> logs() {
        monitor.flush(Duration.ofSeconds(5));
        return monitor.errors().logs(LogQuery.recent(100)).items();
    }

    private List<ErrorGroup> groups() {
        monitor.flush(Duration.ofSeconds(5));
        return monitor.errors().groups(Set.of(), 50, null).items();
    }

    @Test
    void recordsErrorsAsScrubbedLogEntriesAndSkipsLowerLevels() {
        Logger log = context.getLogger("com.shop.Checkout");
        MDC.put("transactionId", "txn-42");
        MDC.put("component", "checkout");
        log.info("all good");
        log.warn("slow provider");
        log.error("capture failed for card {} password={}", "4111 1111 1111 1111", "hunter2");

        List<StoredLogEntry> logs = logs();
        assertThat(logs).hasSize(1);
        StoredLogEntry e = logs.get(0);
        assertThat(e.entry().level()).isEqualTo(LogLevel.ERROR);
        assertThat(e.entry().message()).isEqualTo("capture failed for card **** **** **** 1111 password=[REDACTED]");
        assertThat(e.entry().transactionId()).isEqualTo("txn-42");
        assertThat(e.entry().component()).isEqualTo("checkout");
        assertThat(e.entry().details()).containsEntry("logger", "com.shop.Checkout");
        assertThat(appender.recorded()).isEqualTo(1);
    }

    @Test
    void warnEventsAreRecordedWhenIncluded() {
        appender.setIncludeWarn(true);
        context.getLogger("com.shop.Checkout").warn("slow provider");
        assertThat(logs()).extracting(l -> l.entry().level()).containsExactly(LogLevel.WARN);
        assertThat(groups()).isEmpty();
    }

    @Test
    void anExceptionBecomesAnErrorGroup() {
        context.getLogger("com.shop.Checkout").error("capture failed", new IllegalStateException("ledger closed"));
        List<ErrorGroup> groups = groups();
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(groups.get(0).status()).isEqualTo(ErrorGroupStatus.NEW);
        assertThat(groups.get(0).lastStackTrace()).contains("VedetteAppenderTest");
    }

    @Test
    void anExceptionMessageHoldingACardNumberIsStoredScrubbed() {
        context.getLogger("com.shop.Checkout")
                .error("capture failed", new IllegalArgumentException("bad card 5500-0000-0000-0004"));
        ErrorGroup g = groups().get(0);
        assertThat(g.lastMessage()).isEqualTo("bad card ****-****-****-0004");
        assertThat(String.valueOf(g.lastStackTrace())).doesNotContain("5500-0000");
    }

    @Test
    void vedettesOwnLoggersDoNotFeedBack() {
        context.getLogger("dev.vedette.Monitor").error("could not write batch", new RuntimeException("db down"));
        context.getLogger("dev.vedetteish.Other").error("not ours");
        assertThat(logs()).extracting(l -> l.entry().message()).containsExactly("not ours");
    }

    @Test
    void anEventLoggedWhileRecordingOnTheSameThreadIsDropped() {
        Logger log = context.getLogger("com.shop.Checkout");
        Monitor reentrant = Monitor.builder().clock(clock).backgroundJobs(false).build();
        VedetteAppender nested = new VedetteAppender();
        nested.setContext(context);
        nested.setMonitor(reentrant);
        nested.start();
        // An argument whose toString logs at ERROR: formatting the message re-enters every appender.
        Object chatty = new Object() {
            @Override
            public String toString() {
                log.error("logged from inside toString");
                return "chatty";
            }
        };
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(nested);
        try {
            log.error("outer {}", chatty);
            reentrant.flush(Duration.ofSeconds(5));
            List<String> first = logs().stream().map(l -> l.entry().message()).toList();
            List<String> second = reentrant.errors().logs(LogQuery.recent(100)).items().stream()
                    .map(l -> l.entry().message())
                    .toList();
            assertThat(first).containsExactly("outer chatty");
            assertThat(second)
                    .as("the inner event arrived while the first appender was recording: dropped, not recursed")
                    .containsExactly("outer chatty");
        } finally {
            nested.stop();
            reentrant.close();
        }
    }

    @Test
    void theDefaultMonitorIsUsedWhenNoneIsSetAndEventsAreCountedAsDroppedWithoutOne() {
        appender.setMonitor(null);
        context.getLogger("com.shop.Checkout").error("no monitor yet");
        assertThat(appender.dropped()).isEqualTo(1);

        VedetteAppender.setDefaultMonitor(monitor);
        context.getLogger("com.shop.Checkout").error("now there is one");
        assertThat(logs()).extracting(l -> l.entry().message()).containsExactly("now there is one");
    }

    @Test
    void excludedLoggersAreSkipped() {
        appender.setExcludedLoggers("org.hibernate, com.noisy");
        context.getLogger("com.noisy.Thing").error("noise");
        context.getLogger("org.hibernate.SQL").error("more noise");
        context.getLogger("com.shop.X").error("signal");
        assertThat(logs()).extracting(l -> l.entry().message()).containsExactly("signal");
    }

    @Test
    void aLoggerContextBuiltByHandWithoutAnMdcAdapterStillRecords() {
        LoggerContext bare = new LoggerContext();
        VedetteAppender a = new VedetteAppender();
        a.setContext(bare);
        a.setMonitor(monitor);
        a.start();
        bare.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(a);
        bare.getLogger("com.shop.Bare").error("no mdc here");
        assertThat(a.failed()).isZero();
        assertThat(logs()).extracting(l -> l.entry().message()).containsExactly("no mdc here");
        a.stop();
    }
}
