package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.WriteBatch;
import dev.vedette.test.RecordingNotifier;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small payments app for the dashboard tests: an in-memory monitor with one recording channel. It
 * runs in token mode: Boot's Spring Security auto-configuration (on the test classpath for {@link
 * DashboardSpringSecurityTest}) is left out, else its default filter chain would guard everything.
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
class DashboardTestApp {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final String HOSTILE_NAME = "<script>alert(1)</script>";
    static final String FORMULA_NAME = "=HYPERLINK(\"http://evil.example\")";
    /** A transaction id the test store refuses for good, as a database refuses a value. */
    static final String REFUSED_ID = "txn-refused";

    /** The store, except that any write holding the refused id fails permanently. */
    static Store refusing(Store store, String refusedId) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("write")
                    && args[0] instanceof WriteBatch batch
                    && batch.transactions().stream().anyMatch(t -> t.id().equals(refusedId))) {
                throw new StoreException("write failed (SQLState 23514)", null, true);
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, handler);
    }

    @Bean
    RecordingNotifier slack() {
        return new RecordingNotifier("slack");
    }

    @Bean(destroyMethod = "close")
    Monitor monitor(RecordingNotifier slack) {
        return Monitor.builder()
                .store(refusing(new InMemoryStore(), REFUSED_ID))
                .notifier(slack)
                .route(Severity.CRITICAL, "slack")
                .route(Severity.HIGH, "slack")
                .build();
    }

    /** Records the transaction this app's store refuses, so that it is quarantined. */
    static void seedRefused(Monitor monitor) {
        monitor.recordTransaction(Transaction.builder(REFUSED_ID)
                .status(TransactionStatus.COMPLETED)
                .amount("7.00", "USD")
                .build());
        monitor.flush(Duration.ofSeconds(10));
    }

    /** Seeds transactions, health, errors, logs and one alert; returns the alert. */
    static AlertRecord seed(Monitor monitor) {
        monitor.recordTransaction(Transaction.builder("txn-ok-1")
                .status(TransactionStatus.COMPLETED)
                .amount("19.99", "USD")
                .customer("ada@example.com", "Ada")
                .provider("paypal", "ORD-1", "CAP-1")
                .paymentMethod("card")
                .latency(Duration.ofMillis(420))
                .build());
        monitor.recordTransaction(Transaction.builder("txn-ok-2")
                .status(TransactionStatus.COMPLETED)
                .amount("5.00", "USD")
                .customer("bob@example.com", "Bob")
                .provider("paypal", "ORD-2", "CAP-2")
                .paymentMethod("paypal")
                .build());
        monitor.recordTransaction(Transaction.builder("txn-eur-1")
                .status(TransactionStatus.COMPLETED)
                .amount("45.00", "EUR")
                .customer("cleo@example.com", "Cleo")
                .provider("mollie", "tr_1", null)
                .paymentMethod("ideal")
                .build());
        monitor.recordTransaction(Transaction.builder("txn-hostile")
                .status(TransactionStatus.FAILED)
                .amount("12.00", "USD")
                .customer("mallory@example.com", HOSTILE_NAME)
                .provider("paypal", "ORD-666", null)
                .error("INSTRUMENT_DECLINED", "<img src=x onerror=alert(2)>")
                .attempt(2)
                .build());
        monitor.recordTransaction(Transaction.builder("txn-formula")
                .status(TransactionStatus.ERROR)
                .amount("1.00", "USD")
                .customer("eve@example.com", FORMULA_NAME)
                .provider("paypal")
                .error("TIMEOUT", "PayPal did not answer")
                .build());
        monitor.recordTransaction(Transaction.builder("txn-pending")
                .status(TransactionStatus.PENDING)
                .amount("30.00", "USD")
                .customer("dan@example.com", "Dan")
                .provider("paypal", "ORD-7", null)
                .build());
        monitor.recordTransaction(Transaction.builder("txn-timeline")
                .status(TransactionStatus.PENDING)
                .amount("99.00", "USD")
                .customer("tim@example.com", "Tim")
                .provider("paypal", "ORD-9", null)
                .step("created")
                .metadata("plan", "pro")
                .build());
        monitor.recordTransaction(Transaction.builder("txn-timeline")
                .step("user_created")
                .metadata("userId", "u-9")
                .build());
        monitor.recordTransaction(Transaction.builder("txn-timeline")
                .status(TransactionStatus.COMPLETED)
                .provider("paypal", "ORD-9", "CAP-9")
                .step("completed")
                .build());
        for (int i = 0; i < 3; i++) {
            monitor.recordHealth(HealthReport.up("database", Duration.ofMillis(4 + i)));
            monitor.recordHealth(HealthReport.up("paypal", Duration.ofMillis(180 + 10 * i)));
            monitor.recordHealth(HealthReport.down("smtp", Duration.ofMillis(1200), "Connection refused"));
        }
        monitor.recordError(ErrorEvent.builder(new IllegalStateException("PayPal capture failed for order 42"))
                .component("paypal")
                .transactionId("txn-hostile")
                .build());
        monitor.log(new LogEntry(
                LogLevel.ERROR,
                "paypal",
                "Capture failed " + HOSTILE_NAME,
                Map.of("order", "ORD-666"),
                "txn-hostile",
                "mallory@example.com",
                null));
        monitor.log(LogLevel.INFO, "checkout", "Checkout started");
        monitor.flush(Duration.ofSeconds(10));
        return monitor.raiseAlert(Alert.critical("PayPal API failing")
                .component("paypal")
                .message("5 of 6 captures failed in 5 minutes")
                .build());
    }
}
