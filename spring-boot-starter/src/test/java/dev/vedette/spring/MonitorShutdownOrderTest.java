package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.Monitor;
import dev.vedette.model.HealthReport;
import dev.vedette.model.MonitorStats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Shutdown closes the monitor, writing what is queued, before the application's DataSource. */
class MonitorShutdownOrderTest {
    private final Logger vedette = (Logger) LoggerFactory.getLogger("dev.vedette");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level level;

    @BeforeEach
    void attach() {
        level = vedette.getLevel();
        vedette.setLevel(Level.INFO);
        logs.start();
        vedette.addAppender(logs);
    }

    @AfterEach
    void detach() {
        vedette.detachAppender(logs);
        vedette.setLevel(level);
    }

    private final String url = "jdbc:h2:mem:shutdown-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=" + url,
                    "vedette.checks.disk-space.enabled=false",
                    "vedette.checks.jvm-heap.enabled=false",
                    "vedette.checks.deadlocks.enabled=false");

    @Test
    void theMonitorDependsOnTheDataSource() {
        runner.run(context -> assertThat(context.getBeanFactory().getDependenciesForBean("vedetteMonitor"))
                .contains("dataSource"));
    }

    @Test
    void closingTheDataSourceFirstClosesTheMonitorAndLosesNoRecordInFlight() throws Exception {
        MonitorStats[] stats = new MonitorStats[1];
        runner.run(context -> {
            Monitor monitor = context.getBean(Monitor.class);
            for (int i = 0; i < 500; i++) {
                monitor.recordHealth(HealthReport.up("db-" + (i % 7), Duration.ofMillis(i % 40)));
            }
            // what a shutdown does when something closes the pool early: its dependents go first
            ((DefaultListableBeanFactory) context.getBeanFactory()).destroySingleton("dataSource");
            stats[0] = monitor.stats();
        });

        assertThat(stats[0].written()).isEqualTo(500);
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.createStatement().executeQuery("select count(*) from vedette_health_samples")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(500);
        }
        // Monitors of other test classes in this JVM may still log about their PostgreSQL schema
        // (SQLState 42P01, undefined table); this test's database is H2.
        assertThat(logs.list)
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(m -> !m.contains("SQLState 42P01"))
                .isEmpty();
        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .contains("Vedette closed: 500 records written, 0 dropped, 0 unwritten");
    }
}
