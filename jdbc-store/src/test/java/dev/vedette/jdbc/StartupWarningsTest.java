package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.Monitor;
import dev.vedette.model.HealthReport;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Starting on a database the docs list as tested logs no WARN: neither jOOQ's "Version mismatch"
 * (its open-source dialects target the newest server versions) nor Flyway's "newer than the
 * version Flyway has been verified with" (H2 2.4). Every WARN at startup is a defect.
 */
class StartupWarningsTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void startingWritingAndReadingLogsNoWarning(TestDatabase.Kind kind) throws Exception {
        rearmJooqVersionNotice();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcStore store = JdbcStore.builder().dataSource(db.dataSource()).build();
            try (Monitor monitor =
                    Monitor.builder().store(store).backgroundJobs(false).build()) {
                monitor.recordHealth(HealthReport.up("db", Duration.ofMillis(3)));
                assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
                assertThat(store.componentStates()).isNotEmpty();
            }
        } finally {
            root.detachAppender(logs);
        }

        List<String> warnings = logs.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertThat(warnings).as("WARN or ERROR lines starting on %s", kind).isEmpty();
    }

    /**
     * jOOQ says its version notice once per JVM; re-arm it so each database gets its own first
     * connection, as in an application that uses only that database.
     */
    private static void rearmJooqVersionNotice() throws Exception {
        Field notice = Class.forName("org.jooq.impl.DefaultExecuteContext").getDeclaredField("logVersionSupport");
        notice.setAccessible(true);
        Object logger = notice.get(null);
        Field limit = logger.getClass().getDeclaredField("limitMessages");
        limit.setAccessible(true);
        ((AtomicInteger) limit.get(logger)).set(1);
    }
}
