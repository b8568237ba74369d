package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.millis;
import static dev.vedette.spring.dashboard.DashboardViews.time;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A transaction as the dashboard lists it ({@code Transaction} in {@code docs/dashboard.md}).
 *
 * @param id host's id
 * @param status status code
 * @param statusKind SUCCEEDED, FAILED, PENDING or REVERSED
 * @param money amount, or null
 * @param customerEmail e-mail, masked when configured
 * @param customerName customer's name
 * @param provider payment provider
 * @param providerOrderId provider's order id
 * @param providerPaymentId provider's payment id
 * @param paymentMethod payment method
 * @param errorCode error code
 * @param errorMessage error message
 * @param attempt attempt number
 * @param latencyMs latency in milliseconds
 * @param steps named steps seen
 * @param createdAt ISO instant
 * @param statusAt ISO instant
 * @param lastEventAt ISO instant
 * @param completedAt ISO instant
 * @param updatedAt ISO instant
 * @param eventCount number of timeline events
 */
public record TransactionView(
        String id,
        String status,
        String statusKind,
        @Nullable MoneyView money,
        @Nullable String customerEmail,
        @Nullable String customerName,
        @Nullable String provider,
        @Nullable String providerOrderId,
        @Nullable String providerPaymentId,
        @Nullable String paymentMethod,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        int attempt,
        @Nullable Long latencyMs,
        List<String> steps,
        @Nullable String createdAt,
        @Nullable String statusAt,
        @Nullable String lastEventAt,
        @Nullable String completedAt,
        @Nullable String updatedAt,
        int eventCount) {

    static TransactionView of(StoredTransaction t, DashboardViews views) {
        return new TransactionView(
                t.id(),
                t.status().code(),
                t.status().kind().name(),
                MoneyView.of(t.money()),
                views.email(t.customerEmail()),
                t.customerName(),
                t.provider(),
                t.providerOrderId(),
                t.providerPaymentId(),
                t.paymentMethod(),
                t.errorCode(),
                t.errorMessage(),
                t.attempt(),
                millis(t.latency()),
                List.copyOf(t.steps()),
                time(t.createdAt()),
                time(t.statusAt()),
                time(t.lastEventAt()),
                time(t.completedAt()),
                time(t.updatedAt()),
                t.eventCount());
    }

    /**
     * One transaction with its metadata and whole timeline: the fields of {@link TransactionView}
     * plus {@code metadata} and {@code timeline}.
     *
     * @param transaction the listed fields
     * @param metadata merged metadata
     * @param timeline every observation, oldest first
     */
    public record Detail(
            @JsonUnwrapped TransactionView transaction, Map<String, Object> metadata, List<Event> timeline) {
        static Detail of(StoredTransaction t, DashboardViews views) {
            return new Detail(
                    TransactionView.of(t, views),
                    t.metadata(),
                    t.timeline().stream().map(e -> Event.of(e, views)).toList());
        }
    }

    /**
     * One observation on a transaction's timeline, as it was recorded.
     *
     * @param sequence position in the timeline
     * @param occurredAt ISO instant the host gave
     * @param recordedAt ISO instant it was stored
     * @param step named step
     * @param status status code, or null
     * @param money amount, or null
     * @param customerEmail e-mail, masked when configured
     * @param customerName customer's name
     * @param provider payment provider
     * @param providerOrderId provider's order id
     * @param providerPaymentId provider's payment id
     * @param paymentMethod payment method
     * @param errorCode error code
     * @param errorMessage error message
     * @param attempt attempt number
     * @param latencyMs latency in milliseconds
     * @param metadata the observation's metadata
     */
    public record Event(
            long sequence,
            @Nullable String occurredAt,
            @Nullable String recordedAt,
            @Nullable String step,
            @Nullable String status,
            @Nullable MoneyView money,
            @Nullable String customerEmail,
            @Nullable String customerName,
            @Nullable String provider,
            @Nullable String providerOrderId,
            @Nullable String providerPaymentId,
            @Nullable String paymentMethod,
            @Nullable String errorCode,
            @Nullable String errorMessage,
            int attempt,
            @Nullable Long latencyMs,
            Map<String, Object> metadata) {
        static Event of(TransactionEvent e, DashboardViews views) {
            Transaction o = e.observation();
            return new Event(
                    e.sequence(),
                    time(o.occurredAt()),
                    time(e.recordedAt()),
                    o.step(),
                    o.status() == null ? null : o.status().code(),
                    MoneyView.of(o.money()),
                    views.email(o.customerEmail()),
                    o.customerName(),
                    o.provider(),
                    o.providerOrderId(),
                    o.providerPaymentId(),
                    o.paymentMethod(),
                    o.errorCode(),
                    o.errorMessage(),
                    o.attempt(),
                    millis(o.latency()),
                    o.metadata());
        }
    }
}
