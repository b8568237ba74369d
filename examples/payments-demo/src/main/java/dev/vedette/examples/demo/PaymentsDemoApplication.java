package dev.vedette.examples.demo;

import dev.vedette.health.HealthCheck;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small shop with a simulated payment provider, monitored by Vedette: {@code ./mvnw -q -pl
 * examples/payments-demo -am compile exec:java}. The dashboard is at http://localhost:8080/vedette
 * with the token printed at startup.
 */
@SpringBootApplication
@EnableScheduling
public class PaymentsDemoApplication {

    public static void main(String[] args) {
        // The dashboard is closed without a token: the demo makes one unless VEDETTE_DASHBOARD_TOKEN is set.
        if (System.getenv("VEDETTE_DASHBOARD_TOKEN") == null && System.getProperty("vedette.dashboard.token") == null) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            System.setProperty(
                    "vedette.dashboard.token",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        SpringApplication.run(PaymentsDemoApplication.class, args);
    }

    /** Prints where the shop and the dashboard are, and the token to log in with. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announce(Environment env) {
        return event -> System.out.printf(
                "%n  Shop:      http://localhost:%s/%n  Dashboard: http://localhost:%s%s  (token: %s)%n%n",
                env.getProperty("local.server.port"),
                env.getProperty("local.server.port"),
                env.getProperty("vedette.dashboard.base-path", "/vedette"),
                env.getProperty("vedette.dashboard.token"));
    }

    /** The provider's health as Vedette sees it: DOWN while the outage switch is on. */
    @Bean
    HealthCheck paymentProviderCheck(SimulatedProvider provider) {
        return HealthChecks.ofReport(
                        "paypal",
                        () -> provider.outage()
                                ? HealthReport.down("paypal", Duration.ofSeconds(5), "HTTP 503 from api-m.paypal.com")
                                : HealthReport.builder("paypal", HealthStatus.UP)
                                        .responseTime(Duration.ofMillis(140))
                                        .build())
                .interval(Duration.ofSeconds(10))
                .build();
    }
}
