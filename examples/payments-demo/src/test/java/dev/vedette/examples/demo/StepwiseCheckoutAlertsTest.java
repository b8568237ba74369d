package dev.vedette.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The demo records each checkout in steps (customer, provider and method first, then only the
 * outcome). During a provider outage its own rules, from application.properties, must page: the
 * error-rate rule (provider outages only) and the per-customer failure count.
 */
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:demo-stepwise;DB_CLOSE_DELAY=-1",
            "vedette.spool.directory=${java.io.tmpdir}/vedette-demo-stepwise-spool-${random.uuid}",
            "demo.traffic.enabled=false",
            "vedette.dashboard.token=test-token-0123456789"
        })
class StepwiseCheckoutAlertsTest {
    @Autowired
    Monitor monitor;

    @Autowired
    SimulatedProvider provider;

    @Autowired
    CheckoutService checkout;

    @Test
    void aProviderOutageTripsTheDemosErrorRateAndFailureCountRules() {
        provider.outage(true);
        try {
            for (int i = 0; i < 25; i++) {
                assertThat(checkout.checkout("eve@example.com", "Eve", "19.99", "EUR", "card")
                                .outcome())
                        .isEqualTo("ERROR");
            }
        } finally {
            provider.outage(false);
        }
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(monitor.alerts().active())
                .extracting(AlertRecord::dedupKey)
                .contains("rule:error-rate")
                .anySatisfy(key -> assertThat(key).startsWith("rule:failure-count:sha256:"))
                .noneSatisfy(key -> assertThat(key).contains("@"));
        AlertRecord errorRate = monitor.alerts().active().stream()
                .filter(a -> a.dedupKey().equals("rule:error-rate"))
                .findFirst()
                .orElseThrow();
        assertThat(errorRate.title()).contains("failure rate above 10.0%");
    }
}
