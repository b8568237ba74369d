package dev.vedette.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo on its default kind of database (an H2 file, with the default URL's options) starts and
 * stops without a WARN, and a stop with records in flight writes them all and says so at INFO.
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentsDemoStartupLogTest {

    @Test
    void startAndStopOnAnH2FileLogNoWarningAndLoseNoRecord(@TempDir Path dir, CapturedOutput output) {
        ConfigurableApplicationContext context = SpringApplication.run(
                PaymentsDemoApplication.class,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("demo") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--demo.traffic.enabled=false",
                "--vedette.spool.directory=" + dir.resolve("spool"),
                "--vedette.dashboard.token=test-token-0123456789");
        Monitor monitor = context.getBean(Monitor.class);
        for (int i = 0; i < 300; i++) {
            monitor.recordTransaction(Transaction.builder("stop-" + i)
                    .status(TransactionStatus.COMPLETED)
                    .amount("9.99", "EUR")
                    .build());
        }
        context.close();

        assertThat(monitor.stats().written()).isGreaterThanOrEqualTo(300);
        List<String> warnings = Arrays.stream(output.getAll().split("\\R"))
                .filter(line -> line.matches(".*\\s(WARN|ERROR)\\s.*"))
                .toList();
        assertThat(warnings).as("WARN and ERROR lines of start and stop").isEmpty();
        assertThat(output.getAll()).containsPattern("Vedette closed: \\d+ records written, 0 dropped, 0 unwritten");
    }
}
