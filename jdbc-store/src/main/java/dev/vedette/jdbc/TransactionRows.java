package dev.vedette.jdbc;

import dev.vedette.model.Money;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.jooq.Field;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/** Maps transactions and their timeline events to and from their table rows. */
final class TransactionRows {
    private final Schema s;

    TransactionRows(Schema s) {
        this.s = s;
    }

    /**
     * Every stored column of a transaction row, {@code id} last: the order of {@link #row}'s values,
     * of the insert's columns and of the update's parameters ({@code SET …} then {@code WHERE id}).
     */
    List<Field<?>> fields() {
        Schema.Tx t = s.tx;
        return List.of(
                t.statusCode,
                t.statusKind,
                t.statusAt,
                t.amount,
                t.currency,
                t.customerEmail,
                t.customerName,
                t.provider,
                t.providerOrderId,
                t.providerPaymentId,
                t.paymentMethod,
                t.errorCode,
                t.errorMessage,
                t.attempt,
                t.latencyNanos,
                t.latencyMs,
                t.metadata,
                t.steps,
                t.createdAt,
                t.lastEventAt,
                t.completedAt,
                t.updatedAt,
                t.eventCount,
                t.id);
    }

    /** Every column of a timeline event row: the order of {@link #eventRow}'s values. */
    List<Field<?>> eventFields() {
        Schema.Events e = s.events;
        return List.of(
                e.transactionId,
                e.seq,
                e.occurredAt,
                e.recordedAt,
                e.statusCode,
                e.statusKind,
                e.amount,
                e.currency,
                e.customerEmail,
                e.customerName,
                e.provider,
                e.providerOrderId,
                e.providerPaymentId,
                e.paymentMethod,
                e.errorCode,
                e.errorMessage,
                e.attempt,
                e.latencyNanos,
                e.metadata,
                e.step);
    }

    /** The stored columns of a transaction, in the order of the insert columns and the update's parameters. */
    static Object[] row(StoredTransaction t) {
        Money m = t.money();
        return new Object[] {
            t.status().code(),
            t.status().kind().name(),
            Times.nanos(t.statusAt()),
            m == null ? null : m.amount(),
            m == null ? null : m.currency().getCurrencyCode(),
            t.customerEmail(),
            t.customerName(),
            t.provider(),
            t.providerOrderId(),
            t.providerPaymentId(),
            t.paymentMethod(),
            t.errorCode(),
            t.errorMessage(),
            t.attempt(),
            Times.durationNanos(t.latency()),
            t.latency() == null ? null : t.latency().toMillis(),
            JsonCodec.writeMap(t.metadata()),
            JsonCodec.writeSteps(t.steps()),
            Times.nanos(t.createdAt()),
            Times.nanos(t.lastEventAt()),
            Times.nanosOrNull(t.completedAt()),
            Times.nanos(t.updatedAt()),
            t.eventCount(),
            t.id()
        };
    }

    static Object[] eventRow(int seq, Transaction o, Instant recordedAt) {
        Money m = o.money();
        TransactionStatus st = o.status();
        return new Object[] {
            o.id(),
            seq,
            Times.nanos(Objects.requireNonNull(o.occurredAt())),
            Times.nanos(recordedAt),
            st == null ? null : st.code(),
            st == null ? null : st.kind().name(),
            m == null ? null : m.amount(),
            m == null ? null : m.currency().getCurrencyCode(),
            o.customerEmail(),
            o.customerName(),
            o.provider(),
            o.providerOrderId(),
            o.providerPaymentId(),
            o.paymentMethod(),
            o.errorCode(),
            o.errorMessage(),
            o.attempt(),
            Times.durationNanos(o.latency()),
            JsonCodec.writeMap(o.metadata()),
            o.step()
        };
    }

    private static @Nullable Money money(@Nullable BigDecimal amount, @Nullable String currency) {
        if (amount == null || currency == null) {
            return null;
        }
        Currency c = Currency.getInstance(currency);
        return new Money(amount.setScale(c.getDefaultFractionDigits(), java.math.RoundingMode.UNNECESSARY), c);
    }

    StoredTransaction toTransaction(Record r) {
        Schema.Tx t = s.tx;
        return new StoredTransaction(
                r.get(t.id),
                TransactionStatus.of(r.get(t.statusCode), TransactionStatus.Kind.valueOf(r.get(t.statusKind))),
                Times.instant(r.get(t.statusAt)),
                money(r.get(t.amount), r.get(t.currency)),
                r.get(t.customerEmail),
                r.get(t.customerName),
                r.get(t.provider),
                r.get(t.providerOrderId),
                r.get(t.providerPaymentId),
                r.get(t.paymentMethod),
                r.get(t.errorCode),
                r.get(t.errorMessage),
                r.get(t.attempt),
                Times.duration(r.get(t.latencyNanos)),
                JsonCodec.readMap(r.get(t.metadata)),
                JsonCodec.readSteps(r.get(t.steps)),
                Times.instant(r.get(t.createdAt)),
                Times.instant(r.get(t.lastEventAt)),
                Times.instantOrNull(r.get(t.completedAt)),
                Times.instant(r.get(t.updatedAt)),
                r.get(t.eventCount),
                List.of());
    }

    TransactionEvent toEvent(Record r) {
        Schema.Events e = s.events;
        Transaction.Builder b = Transaction.builder(r.get(e.transactionId));
        String code = r.get(e.statusCode);
        if (code != null) {
            b.status(TransactionStatus.of(code, TransactionStatus.Kind.valueOf(r.get(e.statusKind))));
        }
        Money m = money(r.get(e.amount), r.get(e.currency));
        if (m != null) {
            b.amount(m);
        }
        if (r.get(e.customerEmail) != null || r.get(e.customerName) != null) {
            b.customer(r.get(e.customerEmail), r.get(e.customerName));
        }
        if (r.get(e.provider) != null) {
            b.provider(r.get(e.provider), r.get(e.providerOrderId), r.get(e.providerPaymentId));
        }
        if (r.get(e.paymentMethod) != null) {
            b.paymentMethod(r.get(e.paymentMethod));
        }
        if (r.get(e.errorCode) != null || r.get(e.errorMessage) != null) {
            b.error(r.get(e.errorCode), r.get(e.errorMessage));
        }
        int attempt = r.get(e.attempt);
        if (attempt > 0) {
            b.attempt(attempt);
        }
        Duration latency = Times.duration(r.get(e.latencyNanos));
        if (latency != null) {
            b.latency(latency);
        }
        b.metadata(JsonCodec.readMap(r.get(e.metadata)));
        if (r.get(e.step) != null) {
            b.step(r.get(e.step));
        }
        b.occurredAt(Times.instant(r.get(e.occurredAt)));
        return new TransactionEvent(r.get(e.seq), b.build(), Times.instant(r.get(e.recordedAt)));
    }
}
