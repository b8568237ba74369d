package dev.vedette.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WebhookEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final Instant AT = Instant.parse("2026-05-04T12:00:00.123456789Z");
    private static final long ARRIVED = 1_777_777_777_123L;

    private static Object roundTrip(Object item) {
        RecordCodec.Stamped back = RecordCodec.decode(RecordCodec.type(item), RecordCodec.encode(item, ARRIVED));
        assertThat(back.atMillis()).isEqualTo(ARRIVED);
        return back.item();
    }

    @Test
    void aFullTransactionComesBackEqualWithItsFlagsAndMetadata() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, 2L, "three", true, 1.5));
        nested.put("big", new BigDecimal("12345678901234567890.12"));
        Transaction t = Transaction.builder("txn-\u00e9-\u4e2d")
                .status(TransactionStatus.of("DISPUTED", TransactionStatus.Kind.REVERSED))
                .amount("19.99", "USD")
                .customer("not-an-email", "Ada \uD83D\uDE00")
                .provider("paypal", "ORDER-1", "CAP-1")
                .paymentMethod("card")
                .error("INSTRUMENT_DECLINED", "Card declined \uD800 lone")
                .attempt(2)
                .latency(Duration.ofNanos(1_234_567))
                .metadata("coupon", "SPRING")
                .metadata("count", 3)
                .metadata("ratio", 0.25)
                .metadata("huge", new BigInteger("123456789012345678901234567890"))
                .metadata("nested", nested)
                .occurredAt(AT)
                .step("payment_captured")
                .build();

        Transaction back = (Transaction) roundTrip(t);

        assertThat(back).isEqualTo(t);
        assertThat(back.flags()).isEqualTo(t.flags()).containsKey("customerEmail");
        assertThat(back.metadata()).isEqualTo(t.metadata());
        assertThat(back.customerName()).isEqualTo("Ada \uD83D\uDE00");
        assertThat(back.errorMessage()).isEqualTo(t.errorMessage());
        assertThat(back.latency()).isEqualTo(Duration.ofNanos(1_234_567));
        assertThat(back.paymentMethod()).isEqualTo("card");
        assertThat(back.providerPaymentId()).isEqualTo("CAP-1");
        assertThat(back.status().kind()).isEqualTo(TransactionStatus.Kind.REVERSED);
    }

    @Test
    void aBareTransactionWithoutTimeStaysWithoutTime() {
        Transaction t = Transaction.builder("t1").build();

        Transaction back = (Transaction) roundTrip(t);

        assertThat(back).isEqualTo(t);
        assertThat(back.occurredAt()).isNull();
        assertThat(back.status()).isNull();
        assertThat(back.flags()).isEmpty();
    }

    @Test
    void healthReportsComeBackEqual() {
        HealthReport r = HealthReport.builder("smtp", HealthStatus.DOWN)
                .responseTime(Duration.ofMillis(5003))
                .message("connect timed out")
                .detail("host", "mail.example.com")
                .checkedAt(AT)
                .build();

        assertThat(roundTrip(r)).isEqualTo(r);
        assertThat(roundTrip(HealthReport.unknown("db", "never checked")))
                .isEqualTo(HealthReport.unknown("db", "never checked"));
    }

    @Test
    void errorEventsKeepTheirFramesStackAndContext() {
        ErrorEvent e = ErrorEvent.builder(new IllegalStateException("boom \uDBFF"))
                .component("checkout")
                .transactionId("txn-9")
                .context("step", "capture")
                .occurredAt(AT)
                .build();

        ErrorEvent back = (ErrorEvent) roundTrip(e);

        assertThat(back.type()).isEqualTo(e.type());
        assertThat(back.message()).isEqualTo(e.message());
        assertThat(back.frames()).isEqualTo(e.frames()).isNotEmpty();
        assertThat(back.stackTrace()).isEqualTo(e.stackTrace());
        assertThat(back.component()).isEqualTo("checkout");
        assertThat(back.transactionId()).isEqualTo("txn-9");
        assertThat(back.context()).isEqualTo(e.context());
        assertThat(back.occurredAt()).isEqualTo(AT);
        assertThat(new Fingerprints(Fingerprints.DEFAULT_FRAMEWORK_PREFIXES).fingerprint(back))
                .isEqualTo(new Fingerprints(Fingerprints.DEFAULT_FRAMEWORK_PREFIXES).fingerprint(e));
    }

    @Test
    void logEntriesAndWebhookEventsComeBackAsTheLogEntryTheyAreStoredAs() {
        LogEntry l = new LogEntry(LogLevel.WARN, "api", "slow", Map.of("ms", 900L), "txn-1", "ada", null);
        WebhookEvent w = WebhookEvent.builder("stripe", "charge.failed")
                .failed("card declined")
                .build();

        assertThat(roundTrip(l)).isEqualTo(l);
        assertThat(roundTrip(w)).isEqualTo(w.toLogEntry());
    }

    @Test
    void aDamagedPayloadIsReportedNotThrownAsSomethingElse() {
        byte[] payload = RecordCodec.encode(Transaction.builder("t1").build(), ARRIVED);
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 3);

        assertThatThrownBy(() -> RecordCodec.decode(RecordCodec.TRANSACTION, cut))
                .isInstanceOf(RecordCodec.UnreadableFrame.class);
        assertThatThrownBy(() -> RecordCodec.decode((byte) 42, payload))
                .isInstanceOf(RecordCodec.UnreadableFrame.class)
                .hasMessageContaining("type 42");
    }
}
