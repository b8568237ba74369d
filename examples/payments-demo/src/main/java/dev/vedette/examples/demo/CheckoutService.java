package dev.vedette.examples.demo;

import dev.vedette.Monitor;
import dev.vedette.examples.demo.SimulatedProvider.Answer;
import dev.vedette.examples.demo.SimulatedProvider.Outcome;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The demo's checkout: charge, then create the user and send the receipt, telling Vedette each step. */
@Service
public class CheckoutService {
    private final Monitor monitor;
    private final SimulatedProvider provider;

    public CheckoutService(Monitor monitor, SimulatedProvider provider) {
        this.monitor = monitor;
        this.provider = provider;
    }

    /** Runs one checkout and returns the order id and outcome. */
    public Receipt checkout(String email, String name, String amount, String currency, String method) {
        String orderId = "order-" + UUID.randomUUID().toString().substring(0, 8);
        monitor.recordTransaction(Transaction.builder(orderId)
                .status(TransactionStatus.PENDING)
                .amount(amount, currency)
                .customer(email, name)
                .provider("paypal", "PO-" + orderId.substring(6), null)
                .paymentMethod(method)
                .build());
        Answer answer = provider.charge(amount, currency);
        Transaction.Builder result =
                Transaction.builder(orderId).latency(answer.took()).attempt(1);
        switch (answer.outcome()) {
            case APPROVED ->
                result.status(TransactionStatus.COMPLETED).provider("paypal", null, "CAP-" + orderId.substring(6));
            case DECLINED -> result.status(TransactionStatus.FAILED).error(answer.code(), answer.message());
            case ERROR -> result.status(TransactionStatus.ERROR).error(answer.code(), answer.message());
        }
        monitor.recordTransaction(result.build());
        if (answer.outcome() == Outcome.APPROVED) {
            monitor.recordTransaction(
                    Transaction.builder(orderId).step("user_created").build());
            if (Math.random() > 0.03) {
                monitor.recordTransaction(
                        Transaction.builder(orderId).step("email_sent").build());
            }
        }
        return new Receipt(orderId, answer.outcome().name(), answer.message());
    }

    /** What the page shows after a checkout. */
    public record Receipt(String orderId, String outcome, String message) {}
}
