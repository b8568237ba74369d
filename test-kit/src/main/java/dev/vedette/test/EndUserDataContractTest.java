package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Record calls never throw into your code", including the building of the record: values that come
 * from end users or providers are recorded and flagged, through {@link Monitor} into a real store.
 * Every store runs this unchanged (InMemoryStore in core, JdbcStore on H2, PostgreSQL and MariaDB):
 * subclass it and return an empty store from {@link #newStore()}, as for {@link StoreContractTest}.
 */
public abstract class EndUserDataContractTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String HTML_EMAIL = "\"><img src=x onerror=alert(2)>@example.com";
    private static final String MEGABYTE = "m".repeat(1 << 20);

    private Monitor monitor;
    private Store store;

    /** For the subclass that supplies the store. */
    protected EndUserDataContractTest() {}

    /** Returns a store holding nothing; the monitor closes it. */
    protected abstract Store newStore();

    @BeforeEach
    void startMonitor() {
        store = newStore();
        monitor = Monitor.builder()
                .store(store)
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .backgroundJobs(false)
                .build();
    }

    @AfterEach
    void stopMonitor() {
        monitor.close();
    }

    private StoredTransaction record(Transaction t) {
        monitor.recordTransaction(t);
        assertThat(monitor.flush(Duration.ofSeconds(20))).as("written").isTrue();
        assertThat(monitor.stats().writeFailures()).as("store accepted it").isZero();
        return store.transaction(t.id()).orElseThrow();
    }

    private static Transaction.Builder checkout(String id) {
        return Transaction.builder(id).status(TransactionStatus.PENDING).occurredAt(T0);
    }

    @Test
    void htmlInTheEmailIsRecordedAsGivenAndFlagged() {
        Transaction t = checkout("t-html").customer(HTML_EMAIL, "Ada").build();

        StoredTransaction stored = record(t);

        assertThat(stored.customerEmail()).isEqualTo(HTML_EMAIL);
        assertThat(stored.metadata())
                .containsEntry(
                        Transaction.FLAGS_KEY, Map.of("customerEmail", "is not an e-mail address, kept as text"));
        assertThat(stored.timeline().get(0).observation().flags()).isEqualTo(t.flags());
        assertThat(store.searchTransactions(TransactionQuery.builder()
                                .customerEmail(HTML_EMAIL)
                                .build())
                        .items())
                .extracting(StoredTransaction::id)
                .containsExactly("t-html");
    }

    @Test
    void aCurrencyThatIsNotIsoIsFlaggedWithWhatWasGivenAndTheRestIsRecorded() {
        Transaction t = checkout("t-cur")
                .amount("19.99", "<b>X</b>")
                .customer("ada@example.com", "Ada")
                .paymentMethod("card")
                .build();

        StoredTransaction stored = record(t);

        assertThat(stored.money()).isNull();
        assertThat(stored.customerEmail()).isEqualTo("ada@example.com");
        assertThat(stored.paymentMethod()).isEqualTo("card");
        assertThat(stored.metadata())
                .containsEntry(
                        Transaction.FLAGS_KEY,
                        Map.of("amount", "currency must be an ISO 4217 code, was '<b>X</b>'; not recorded"));
    }

    @Test
    void anAmountWithMoreFractionDigitsThanTheCurrencyHasIsFlaggedNotRounded() {
        Transaction t = checkout("t-scale").amount("1.999", "USD").build();

        StoredTransaction stored = record(t);

        assertThat(stored.money()).isNull();
        assertThat(stored.metadata())
                .containsEntry(
                        Transaction.FLAGS_KEY,
                        Map.of(
                                "amount",
                                "amount must have at most 2 fraction digits for USD, was 1.999; not recorded"));
    }

    @Test
    void aMegabyteMethodIsCutWithAMarkerAndFlagged() {
        Transaction t = checkout("t-method").paymentMethod(MEGABYTE).build();

        StoredTransaction stored = record(t);

        assertThat(stored.paymentMethod())
                .hasSize(Transaction.MAX_CODE_LENGTH)
                .startsWith("mmm")
                .endsWith("…[truncated]");
        assertThat(stored.metadata())
                .containsEntry(
                        Transaction.FLAGS_KEY,
                        Map.of("paymentMethod", "was " + MEGABYTE.length() + " characters, cut to 64"));
    }

    @Test
    void aMegabyteEmailIsCutWithAMarkerAndFlagged() {
        Transaction t =
                checkout("t-email").customer(MEGABYTE + "@example.com", null).build();

        StoredTransaction stored = record(t);

        assertThat(stored.customerEmail()).hasSize(Transaction.MAX_EMAIL_LENGTH).endsWith("…[truncated]");
        assertThat(stored.metadata().get(Transaction.FLAGS_KEY))
                .isEqualTo(Map.of(
                        "customerEmail",
                        "was " + (MEGABYTE.length() + 12)
                                + " characters, cut to 254; is not an e-mail address, kept as text"));
    }

    @Test
    void everyEndUserFieldAtAMegabyteWithControlCharactersIsRecordedWithinTheStoresLimits() {
        String hostile = "x\u0000\u0007<script>" + MEGABYTE;
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("coupon", null);
        metadata.put("note", hostile);
        metadata.put("ratio", Double.POSITIVE_INFINITY);
        metadata.put("items", List.of("a", Double.NaN));
        Transaction t = checkout("t-all")
                .amount(MEGABYTE, MEGABYTE)
                .customer(hostile, hostile)
                .provider("paypal", hostile, hostile)
                .paymentMethod(hostile)
                .error(hostile, hostile)
                .metadata(metadata)
                .build();

        StoredTransaction stored = record(t);

        assertThat(stored.money()).isNull();
        assertThat(stored.customerEmail()).hasSize(254).startsWith("x\uFFFD\uFFFD<script>");
        assertThat(stored.customerName()).hasSize(Transaction.MAX_CUSTOMER_NAME_LENGTH);
        assertThat(stored.providerOrderId()).hasSize(Transaction.MAX_PROVIDER_ID_LENGTH);
        assertThat(stored.providerPaymentId()).hasSize(Transaction.MAX_PROVIDER_ID_LENGTH);
        assertThat(stored.paymentMethod()).hasSize(Transaction.MAX_CODE_LENGTH);
        assertThat(stored.errorCode()).hasSize(Transaction.MAX_CODE_LENGTH);
        assertThat(stored.errorMessage()).hasSize(Transaction.MAX_ERROR_MESSAGE_LENGTH);
        assertThat(stored.metadata())
                .doesNotContainKey("coupon")
                .containsEntry("ratio", "Infinity")
                .containsEntry("items", List.of("a", "NaN"));
        assertThat(t.flags())
                .containsOnlyKeys(
                        "amount",
                        "customerEmail",
                        "providerOrderId",
                        "providerPaymentId",
                        "paymentMethod",
                        "errorCode",
                        "metadata['coupon']",
                        "metadata['ratio']",
                        "metadata['items'][1]");
        assertThat(t.flags().get("amount")).startsWith("amount must be a decimal number of at most 64 characters");
        assertThat(stored.metadata().get(Transaction.FLAGS_KEY)).isEqualTo(t.flags());
        assertThat(stored.timeline().get(0).observation()).isEqualTo(t);
    }

    @Test
    void flaggedRecordsAreCountedNotRejected() {
        for (int i = 0; i < 5; i++) {
            monitor.recordTransaction(
                    checkout("t-" + i).customer(HTML_EMAIL, null).build());
        }
        monitor.recordTransaction(
                checkout("t-clean").customer("ada@example.com", null).build());
        monitor.flush(Duration.ofSeconds(20));

        assertThat(monitor.stats().flagged()).isEqualTo(5);
        assertThat(monitor.stats().rejected()).isZero();
        assertThat(monitor.stats().written()).isEqualTo(6);
        assertThat(store.transaction("t-4").orElseThrow().customerEmail()).isEqualTo(HTML_EMAIL);
    }

    @Test
    void flagsOfAPaymentRecordedInStepsAreKeptByField() {
        record(checkout("t-steps")
                .customer(HTML_EMAIL, null)
                .amount("1.999", "USD")
                .build());
        StoredTransaction stored = record(Transaction.builder("t-steps")
                .status(TransactionStatus.FAILED)
                .error("DECLINED\u0007", "declined")
                .occurredAt(T0.plusSeconds(5))
                .build());

        assertThat(stored.status()).isEqualTo(TransactionStatus.FAILED);
        @SuppressWarnings("unchecked")
        Map<String, String> flags = (Map<String, String>) stored.metadata().get(Transaction.FLAGS_KEY);
        assertThat(flags).containsOnlyKeys("customerEmail", "amount", "errorCode");
        assertThat(stored.errorCode()).isEqualTo("DECLINED\uFFFD");
    }

    @Test
    void loneSurrogatesInFreeTextReadBackAsTheReplacementCharacterInEveryStore() {
        String broken = "caf\uD800 \uDC00x 💸";
        String expected = "caf\uFFFD \uFFFDx 💸";
        Transaction t = checkout("t-surrogate")
                .customer("ada@example.com", broken)
                .error("DECLINED", broken)
                .paymentMethod("card\uDBFF")
                .metadata("note", broken)
                .build();

        StoredTransaction stored = record(t);

        assertThat(stored.customerName()).isEqualTo(expected);
        assertThat(stored.errorMessage()).isEqualTo(expected);
        assertThat(stored.paymentMethod()).isEqualTo("card\uFFFD");
        assertThat(stored.metadata()).containsEntry("note", expected);
        assertThat(stored.metadata())
                .containsEntry(
                        Transaction.FLAGS_KEY, Map.of("paymentMethod", "lone UTF-16 surrogates replaced by U+FFFD"));
    }

    @Test
    void keysTheDatabasesCannotTellApartAreRejectedByRule() {
        assertThatThrownBy(() -> Transaction.builder("pad "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("id must not end with a space");
        assertThatThrownBy(() -> Transaction.builder("id-\uD800"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("id must not contain a lone UTF-16 surrogate")
                .hasMessageContaining("U+D800 at index 3");
        assertThatThrownBy(() -> Transaction.builder("\uDC00-id"))
                .hasMessageStartingWith("id must not contain a lone UTF-16 surrogate");
        assertThatThrownBy(() -> checkout("t").metadata("key ", 1))
                .hasMessageStartingWith("metadata key must not end with a space");

        StoredTransaction pair = record(checkout("id-💸 x").build());
        assertThat(pair.id()).isEqualTo("id-💸 x");
        assertThat(monitor.stats().rejected()).isZero();
    }

    @Test
    void onlyProgrammingErrorsThrow() {
        assertThatThrownBy(() -> Transaction.builder(null)).hasMessage("id must not be null");
        assertThatThrownBy(() -> Transaction.builder("a\u0000b")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> Transaction.builder("x".repeat(129))).hasMessageContaining("at most 128");
        assertThatThrownBy(() -> checkout("t").status((TransactionStatus) null)).hasMessage("status must not be null");
        assertThatThrownBy(() -> checkout("t").provider(" ", null, null)).hasMessageContaining("provider");
        assertThatThrownBy(() -> checkout("t").step("Email Sent")).hasMessageContaining("step");
        assertThatThrownBy(() -> checkout("t").metadata("", 1)).hasMessageContaining("metadata key");
        assertThat(monitor.stats().accepted()).isZero();
    }
}
