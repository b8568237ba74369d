package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.notifiers.SlackConfig;
import dev.vedette.notifiers.SlackNotifier;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a host that depends on the BOM, vedette-notifiers and vedette-test can do, and cannot see. */
class ConsumerTest {
    private static final String VERSION = System.getProperty("vedette.version");

    @Test
    void aMonitorRoutesACriticalAlertToItsNotifier() {
        RecordingNotifier pager = new RecordingNotifier("pager");
        try (Monitor monitor = Monitor.builder()
                .store(new InMemoryStore())
                .notifier(pager)
                .route(Severity.CRITICAL, "pager")
                .clock(new TestClock(Instant.parse("2026-12-03T12:00:00Z")))
                .backgroundJobs(false)
                .build()) {
            monitor.raiseAlert(Alert.critical("PayPal API failing").component("paypal").build());
            AlertingTestHooks.dispatch(monitor.alerts());
        }

        assertThat(pager.sent()).singleElement().satisfies(n -> assertThat(n.alert().title())
                .isEqualTo("PayPal API failing"));
    }

    @Test
    void theNotifiersModuleBuildsAChannelWithItsMailAndHttpLibraries() {
        SlackNotifier slack =
                new SlackNotifier(SlackConfig.builder("https://hooks.slack.invalid/T0/B0/x").build());

        assertThat(slack.name()).isEqualTo("slack");
    }

    /** Each class comes from the installed jar of its artifact, with the jar's stable module name. */
    @ParameterizedTest
    @CsvSource({
        "dev.vedette.Monitor, vedette-core, dev.vedette.core",
        "dev.vedette.notifiers.SlackNotifier, vedette-notifiers, dev.vedette.notifiers",
        "dev.vedette.test.TestClock, vedette-test, dev.vedette.test"
    })
    void classesComeFromTheInstalledJars(String className, String artifact, String moduleName) throws Exception {
        Path jar = codeSource(Class.forName(className));

        assertThat(jar.getFileName()).hasToString(artifact + "-" + VERSION + ".jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo(moduleName);
            assertThat(file.getEntry("META-INF/LICENSE")).as("LICENSE in " + jar).isNotNull();
        }
    }

    /** Optional integrations of vedette-core stay optional: a host that did not add them has none. */
    @ParameterizedTest
    @CsvSource({
        "io.micrometer.core.instrument.MeterRegistry",
        "ch.qos.logback.classic.Logger",
        "org.springframework.context.ApplicationContext",
        "org.jooq.DSLContext",
        "org.h2.Driver"
    })
    void optionalLibrariesAreNotOnTheClassPath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
