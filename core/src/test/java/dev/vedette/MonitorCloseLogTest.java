package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.model.HealthReport;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link Monitor#close()} ends with one INFO line that says what became of the records. */
class MonitorCloseLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Monitor.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;

    @BeforeEach
    void attach() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    @Test
    void closeLogsWrittenDroppedAndUnwrittenOnceAtInfo() {
        Monitor monitor = Monitor.builder()
                .store(new InMemoryStore())
                .clock(new TestClock(Instant.parse("2026-05-04T12:00:00Z")))
                .backgroundJobs(false)
                .build();
        for (int i = 0; i < 3; i++) {
            monitor.recordHealth(HealthReport.up("db", Duration.ofMillis(2)));
        }

        monitor.close();
        monitor.close();

        List<String> lines = appender.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("Vedette closed"))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
        assertThat(lines).containsExactly("INFO Vedette closed: 3 records written, 0 dropped, 0 unwritten");
    }
}
