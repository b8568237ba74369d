package dev.vedette.spring.ingest;

import dev.vedette.spring.VedetteMonitorCustomizer;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A host with the ingest API on: the auto-configured monitor on a hand-moved clock, one recording
 * channel named slack, two keys from properties (see {@link #PROPERTIES}). Spring Security's
 * auto-configuration is left out, as in the dashboard tests.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(
        exclude = {
            SecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class
        })
class IngestTestApp {
    static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
    static final String INGEST_KEY = "vk_Ingest01_abcdefghijklmnopqrstuvwxyz012345";
    static final String ADMIN_KEY = "vk_Admin001_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    static final String TOKEN = "dashboard-token-0123456789";

    static final String[] PROPERTIES = {
        "vedette.ingest.enabled=true",
        "vedette.dashboard.token=" + TOKEN,
        "vedette.ingest.keys[0].name=checkout",
        "vedette.ingest.keys[0].scope=ingest",
        "vedette.ingest.keys[0].key=" + INGEST_KEY,
        "vedette.ingest.keys[1].name=ops",
        "vedette.ingest.keys[1].scope=admin",
        "vedette.ingest.keys[1].key=" + ADMIN_KEY,
        "logging.level.dev.vedette=DEBUG",
        "logging.level.org.springframework.web=DEBUG"
    };

    @Bean
    TestClock testClock() {
        return new TestClock(START);
    }

    @Bean
    RecordingNotifier slack() {
        return new RecordingNotifier("slack");
    }

    @Bean
    VedetteMonitorCustomizer onTestClock(TestClock clock) {
        return builder -> builder.clock(clock);
    }
}
