package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.internal.pipeline.Pipeline;
import dev.vedette.model.Transaction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FlaggedRecordWarningTest {

    @Test
    void aStormOfFlaggedRecordsGivesOneWarningThatNamesFieldsButNoValues() {
        Logger pipelineLog = (Logger) LoggerFactory.getLogger(Pipeline.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        pipelineLog.addAppender(lines);
        try (Monitor monitor = Monitor.builder().backgroundJobs(false).build()) {
            for (int i = 0; i < 50; i++) {
                monitor.recordTransaction(Transaction.builder("t-" + i)
                        .customer("\"><img src=x onerror=alert(2)>@example.com", null)
                        .build());
            }
            monitor.flush(Duration.ofSeconds(10));

            assertThat(monitor.stats().flagged()).isEqualTo(50);
        } finally {
            pipelineLog.detachAppender(lines);
        }
        List<ILoggingEvent> warnings = lines.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .filter(e -> e.getFormattedMessage().contains("values it had to clean"))
                .toList();
        assertThat(warnings)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains("'t-0'", "[customerEmail]", "vedette.flags")
                        .doesNotContain("onerror"));
    }
}
