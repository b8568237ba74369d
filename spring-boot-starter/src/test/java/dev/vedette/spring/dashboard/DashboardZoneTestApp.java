package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A dashboard app whose business zone is Tokyo and whose clock stands still at {@link #NOW}
 * (14:00 on 3 December in Tokyo, 21:00 on 2 December in Los Angeles), seeded with payments in three
 * currencies, health samples covering 5 minutes, 3 days and 40 days, and three alerts that share one
 * title. Token mode, like {@link DashboardTestApp}.
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
class DashboardZoneTestApp {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Instant NOW = Instant.parse("2026-12-03T05:00:00Z");
    /** 01:00 on 3 December in Tokyo; 08:00 on 2 December in Los Angeles. */
    static final Instant DEC_3_TOKYO_1AM = Instant.parse("2026-12-02T16:00:00Z");
    /** The start of the business day 3 December: midnight in Tokyo. */
    static final Instant DEC_3_TOKYO_START = Instant.parse("2026-12-02T15:00:00Z");

    static final String ALERT_TITLE = "New error: IllegalArgumentException";
    static final List<String> ALERT_MESSAGES = List.of(
            "IllegalArgumentException: currency must be an ISO code, was 'QBX'",
            "IllegalArgumentException: amount must have at most 2 decimals, was 1.999",
            "IllegalArgumentException: email is not an address, was 'x@'");
    static final List<String> FINGERPRINTS = List.of("a1b2c3d4e5f6a7b8", "0f1e2d3c4b5a6978", "99aa88bb77cc66dd");

    @Bean
    RecordingNotifier slack() {
        return new RecordingNotifier("slack");
    }

    @Bean(destroyMethod = "close")
    Monitor monitor(RecordingNotifier slack) {
        return Monitor.builder()
                .store(new InMemoryStore())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .businessZone(TOKYO)
                .notifier(slack)
                .route(Severity.CRITICAL, "slack")
                .build();
    }

    /** Seeds once per monitor (test classes with this app share one cached context). */
    static void seed(Monitor monitor) {
        if (monitor.transactions().get("tx-usd").isPresent()) {
            return;
        }
        payment(monitor, "tx-usd", "20.00", "USD", DEC_3_TOKYO_1AM);
        payment(monitor, "tx-eur", "30.00", "EUR", DEC_3_TOKYO_1AM.plus(Duration.ofMinutes(90)));
        payment(monitor, "tx-gbp", "5.00", "GBP", Instant.parse("2026-12-03T02:10:00Z"));
        payment(monitor, "tx-dec-1", "7.00", "USD", Instant.parse("2026-11-30T20:00:00Z"));
        // paypal: 10 samples over the last 5 minutes, one of them DOWN
        for (int i = 0; i < 10; i++) {
            Instant at = NOW.minus(Duration.ofMinutes(5)).plus(Duration.ofSeconds(30L * i));
            HealthReport r = i == 4
                    ? HealthReport.down("paypal", Duration.ofMillis(900), "timeout")
                    : HealthReport.up("paypal", Duration.ofMillis(200));
            monitor.recordHealth(r.toBuilder().checkedAt(at).build());
        }
        // smtp: hourly for 3 days; database: hourly for 40 days
        for (int h = 72; h >= 1; h--) {
            monitor.recordHealth(HealthReport.up("smtp", Duration.ofMillis(40)).toBuilder()
                    .checkedAt(NOW.minus(Duration.ofHours(h)))
                    .build());
        }
        for (int h = 40 * 24; h >= 1; h--) {
            monitor.recordHealth(HealthReport.up("database", Duration.ofMillis(3)).toBuilder()
                    .checkedAt(NOW.minus(Duration.ofHours(h)))
                    .build());
        }
        monitor.flush(Duration.ofSeconds(10));
        for (int i = 0; i < ALERT_MESSAGES.size(); i++) {
            monitor.raiseAlert(Alert.builder(Severity.MEDIUM, ALERT_TITLE)
                    .message(ALERT_MESSAGES.get(i) + "\nFirst seen " + NOW + ", 1 occurrence")
                    .component("checkout")
                    .label("fingerprint", FINGERPRINTS.get(i))
                    .dedupKey("rule:new-error:" + FINGERPRINTS.get(i))
                    .build());
        }
    }

    private static void payment(Monitor monitor, String id, String amount, String currency, Instant at) {
        monitor.recordTransaction(Transaction.builder(id)
                .status(TransactionStatus.COMPLETED)
                .amount(amount, currency)
                .customer(id + "@example.com", "Customer " + id)
                .provider("paypal")
                .occurredAt(at)
                .build());
    }
}
