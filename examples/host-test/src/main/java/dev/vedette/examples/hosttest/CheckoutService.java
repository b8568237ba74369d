package dev.vedette.examples.hosttest;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Duration;

/**
 * A host's checkout code: it charges a card through a provider and tells Vedette what happened.
 * After three declines in a row it raises an alert; the tests next to it show how to check that.
 */
public final class CheckoutService {

    /** What the payment provider answered. */
    public record ProviderAnswer(boolean approved, String code, Duration took) {}

    /** The payment provider, injected so tests can decide its answers. */
    @FunctionalInterface
    public interface Provider {
        ProviderAnswer charge(String orderId, String amount, String currency);
    }

    private final Monitor monitor;
    private final Provider provider;
    private int declinesInARow;

    public CheckoutService(Monitor monitor, Provider provider) {
        this.monitor = monitor;
        this.provider = provider;
    }

    /** Charges an order; returns true when paid. */
    public synchronized boolean checkout(String orderId, String email, String amount, String currency) {
        monitor.recordTransaction(Transaction.builder(orderId)
                .status(TransactionStatus.PENDING)
                .amount(amount, currency)
                .customer(email, null)
                .provider("stripe")
                .build());
        ProviderAnswer answer = provider.charge(orderId, amount, currency);
        Transaction.Builder outcome = Transaction.builder(orderId).latency(answer.took());
        if (answer.approved()) {
            declinesInARow = 0;
            monitor.recordTransaction(
                    outcome.status(TransactionStatus.COMPLETED).build());
            monitor.recordTransaction(
                    Transaction.builder(orderId).step("email_sent").build());
            return true;
        }
        monitor.recordTransaction(outcome.status(TransactionStatus.FAILED)
                .error(answer.code(), "Declined by Stripe")
                .build());
        if (++declinesInARow == 3) {
            monitor.raiseAlert(Alert.high("Three card declines in a row")
                    .component("stripe")
                    .build());
        }
        return false;
    }
}
