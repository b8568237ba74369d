package dev.vedette.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.errors.Scrubber;
import dev.vedette.internal.Validate;
import dev.vedette.internal.pipeline.Fingerprints;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.LogQuery;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/**
 * Reliability scenario 5: hostile strings (control characters, NUL, lone surrogates, 10,000
 * characters, SQL, HTML, format strings) through every public value builder. Each input must either
 * be rejected with an {@link IllegalArgumentException} whose message stays short, or be accepted as
 * documented (identifiers unchanged; free text with NUL turned into U+FFFD and cut with {@value
 * Validate#TRUNCATION_MARKER}) and then read back equal from a {@link JdbcStore} (H2 in memory).
 */
class HostileInputFuzzTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final AtomicLong SEQ = new AtomicLong();
    private static final Map<String, long[]> TALLY = new ConcurrentSkipListMap<>();
    private static final LongAdder LONGEST = new LongAdder();

    private static String dbName;
    private static JdbcStore store;
    private static Monitor monitor;

    @BeforeContainer
    static void openStore() {
        dbName = "fuzz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        store = JdbcStore.builder()
                .jdbcUrl("jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1")
                .poolSize(2)
                .build();
        monitor = Monitor.builder().store(store).backgroundJobs(false).build();
    }

    @AfterContainer
    static void closeStore() {
        monitor.close();
        long tried = 0;
        long accepted = 0;
        StringBuilder perField = new StringBuilder();
        for (Map.Entry<String, long[]> e : TALLY.entrySet()) {
            tried += e.getValue()[0];
            accepted += e.getValue()[1];
            perField.append(' ')
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue()[0])
                    .append('/')
                    .append(e.getValue()[1]);
        }
        System.out.printf(
                "RELIABILITY fuzz: inputsTried=%d accepted=%d rejectedWithIAE=%d mismatches=0 longestInput=%d"
                        + " (field=tried/accepted:%s)%n",
                tried, accepted, tried - accepted, LONGEST.sum(), perField);
    }

    // ------------------------------------------------------------------ inputs

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> controls = Arbitraries.strings()
                .withCharRange('\u0000', '\u001f')
                .withChars('\u007f', '\u0085', '\u00a0', '\u200b', '\u2028', '\u2029', '\u202e', '\ufeff', '\uffff')
                .withChars('\ud800', '\udbff', '\udc00', '\udfff', 'a', ' ')
                .ofMaxLength(80);
        Arbitrary<String> huge = Arbitraries.strings().all().ofMinLength(9_990).ofMaxLength(10_010);
        Arbitrary<String> corpus = Arbitraries.of(
                "",
                " ",
                "\u0000",
                "a\u0000b",
                "\ud800",
                "x\udc00y",
                "\ud83d\udcb8",
                "'; DROP TABLE vedette_transactions; --",
                "Robert'); DROP TABLE Students;--",
                "1' OR '1'='1",
                "%_\\!'\"`",
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(document.cookie)>",
                "javascript:alert(1)",
                "${jndi:ldap://evil/a}",
                "%s%n%x%d",
                "{{7*7}}",
                "\r\nSet-Cookie: x=1",
                "NULL",
                "null",
                "NaN",
                "-0.00",
                "1e400",
                "1E-2147483648",
                "1e2147483647",
                "1e-2147483647",
                "0x1F",
                "usd",
                "XXX",
                "U\u0000D",
                "\ud83d\udcb8".repeat(5_000),
                "a".repeat(10_000),
                "é".repeat(300),
                "\u0000".repeat(3_000));
        Arbitrary<String> mixed = Combinators.combine(corpus, anything, corpus).as((a, b, c) -> a + b + c);
        return Arbitraries.frequencyOf(
                Tuple.of(4, anything),
                Tuple.of(2, controls),
                Tuple.of(1, huge),
                Tuple.of(2, corpus),
                Tuple.of(2, mixed));
    }

    /** Free text as documented: NUL becomes U+FFFD, text over the limit is cut and marked. */
    private static String text(String s, int max) {
        return Validate.text(s, max);
    }

    /**
     * Builds the value; an IllegalArgumentException counts as a documented rejection (its message
     * must be short and not echo the whole input); any other exception fails the property.
     */
    private static <T> T attempt(String field, String input, Supplier<T> build) {
        long[] tally = TALLY.computeIfAbsent(field, k -> new long[2]);
        synchronized (tally) {
            tally[0]++;
        }
        if (input.length() > LONGEST.sum()) {
            LONGEST.add(input.length() - LONGEST.sum());
        }
        try {
            T value = build.get();
            synchronized (tally) {
                tally[1]++;
            }
            return value;
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("%s rejection message", field).isNotBlank();
            assertThat(e.getMessage().length())
                    .as("%s rejection message must not echo a %d-character input", field, input.length())
                    .isLessThan(600);
            return null;
        }
    }

    private static Instant nextTime() {
        return T0.plusMillis(SEQ.incrementAndGet());
    }

    // ------------------------------------------------------------------ transactions and money

    /** {@code endUser}: data from end users or providers, which the builder must never throw for. */
    enum TxField {
        ID(false),
        STATUS(false),
        AMOUNT(true),
        CURRENCY(true),
        EMAIL(true),
        CUSTOMER_NAME(true),
        PROVIDER(false),
        PROVIDER_ORDER_ID(true),
        PROVIDER_PAYMENT_ID(true),
        PAYMENT_METHOD(true),
        ERROR_CODE(true),
        ERROR_MESSAGE(true),
        METADATA_KEY(false),
        METADATA_VALUE(true),
        STEP(false);

        final boolean endUser;

        TxField(boolean endUser) {
            this.endUser = endUser;
        }
    }

    /** A cleaned code: unchanged when nothing was flagged, else within its limit, without control characters. */
    private static void assertCleaned(Transaction t, String field, @Nullable String value, String input, int max) {
        if (!t.flags().containsKey(field)) {
            assertThat(value).as(field).isEqualTo(input);
            return;
        }
        if (value != null) {
            assertThat(value.length()).as(field).isLessThanOrEqualTo(max);
            assertThat(value.chars().noneMatch(Character::isISOControl))
                    .as(field + " has no control characters")
                    .isTrue();
        }
    }

    @Property(tries = 600, shrinking = ShrinkingMode.OFF)
    void transactionBuilder(@ForAll TxField field, @ForAll("hostile") String s) {
        Instant at = nextTime();
        String id = field == TxField.ID ? s : "fz-" + SEQ.get();
        Transaction t = attempt("transaction." + field, s, () -> {
            Transaction.Builder b = Transaction.builder(id).occurredAt(at);
            switch (field) {
                case ID -> {}
                case STATUS -> b.status(s);
                case AMOUNT -> b.amount(s, "USD");
                case CURRENCY -> b.amount("19.99", s);
                case EMAIL -> b.customer(s, null);
                case CUSTOMER_NAME -> b.customer(null, s);
                case PROVIDER -> b.provider(s, null, null);
                case PROVIDER_ORDER_ID -> b.provider("stripe", s, null);
                case PROVIDER_PAYMENT_ID -> b.provider("stripe", null, s);
                case PAYMENT_METHOD -> b.paymentMethod(s);
                case ERROR_CODE -> b.error(s, null);
                case ERROR_MESSAGE -> b.error(null, s);
                case METADATA_KEY -> b.metadata(s, "v");
                case METADATA_VALUE -> b.metadata("k", s);
                case STEP -> b.step(s);
            }
            return b.build();
        });
        if (t == null) {
            assertThat(field.endUser)
                    .as("%s is end-user data: recorded and flagged, never thrown", field)
                    .isFalse();
            return;
        }
        switch (field) {
            case ID -> assertThat(t.id()).isEqualTo(s);
            case STATUS -> assertThat(t.status()).isEqualTo(TransactionStatus.of(s));
            case AMOUNT, CURRENCY ->
                assertThat(t.money() != null || t.flags().containsKey("amount")).isTrue();
            case EMAIL -> assertCleaned(t, "customerEmail", t.customerEmail(), s, Transaction.MAX_EMAIL_LENGTH);
            case CUSTOMER_NAME -> assertThat(t.customerName()).isEqualTo(text(s, Transaction.MAX_CUSTOMER_NAME_LENGTH));
            case PROVIDER -> assertThat(t.provider()).isEqualTo(s);
            case PROVIDER_ORDER_ID ->
                assertCleaned(t, "providerOrderId", t.providerOrderId(), s, Transaction.MAX_PROVIDER_ID_LENGTH);
            case PROVIDER_PAYMENT_ID ->
                assertCleaned(t, "providerPaymentId", t.providerPaymentId(), s, Transaction.MAX_PROVIDER_ID_LENGTH);
            case PAYMENT_METHOD -> assertCleaned(t, "paymentMethod", t.paymentMethod(), s, Transaction.MAX_CODE_LENGTH);
            case ERROR_CODE -> assertCleaned(t, "errorCode", t.errorCode(), s, Transaction.MAX_CODE_LENGTH);
            case ERROR_MESSAGE -> assertThat(t.errorMessage()).isEqualTo(text(s, Transaction.MAX_ERROR_MESSAGE_LENGTH));
            case METADATA_KEY -> assertThat(t.metadata()).containsOnlyKeys(s);
            case METADATA_VALUE -> assertThat(t.metadata()).containsEntry("k", text(s, 1_000));
            case STEP -> assertThat(t.step()).isEqualTo(s);
            default -> {}
        }
        store.write(WriteBatch.ofTransactions(List.of(t)));
        StoredTransaction stored = store.transaction(t.id()).orElseThrow();
        TransactionEvent last = stored.timeline().stream()
                .max(Comparator.comparingLong(TransactionEvent::sequence))
                .orElseThrow();
        assertThat(last.observation()).as("observation read back").isEqualTo(t);
        if (stored.eventCount() == 1) {
            assertThat(stored.customerName()).isEqualTo(t.customerName());
            assertThat(stored.customerEmail()).isEqualTo(t.customerEmail());
            assertThat(stored.errorCode()).isEqualTo(t.errorCode());
            assertThat(stored.errorMessage()).isEqualTo(t.errorMessage());
            assertThat(stored.provider()).isEqualTo(t.provider());
            assertThat(stored.providerOrderId()).isEqualTo(t.providerOrderId());
            assertThat(stored.providerPaymentId()).isEqualTo(t.providerPaymentId());
            assertThat(stored.paymentMethod()).isEqualTo(t.paymentMethod());
            assertThat(stored.metadata()).isEqualTo(t.metadata());
            assertThat(stored.money()).isEqualTo(t.money());
            if (t.status() != null) {
                assertThat(stored.status()).isEqualTo(t.status());
            }
        }
    }

    @Property(tries = 400, shrinking = ShrinkingMode.OFF)
    void moneyOf(@ForAll boolean amountIsHostile, @ForAll("hostile") String s) {
        Money m = attempt(
                amountIsHostile ? "money.amount" : "money.currency",
                s,
                () -> amountIsHostile ? Money.of(s, "EUR") : Money.of("12.5", s));
        if (m == null) {
            return;
        }
        Transaction t = Transaction.builder("fz-money-" + SEQ.incrementAndGet())
                .occurredAt(nextTime())
                .amount(m)
                .build();
        store.write(WriteBatch.ofTransactions(List.of(t)));
        assertThat(store.transaction(t.id()).orElseThrow().money()).isEqualTo(m);
    }

    // ------------------------------------------------------------------ alerts

    enum AlertField {
        TITLE,
        MESSAGE,
        COMPONENT,
        LABEL_KEY,
        LABEL_VALUE,
        DEDUP_KEY,
        SOURCE
    }

    @Property(tries = 250, shrinking = ShrinkingMode.OFF)
    void alertBuilder(@ForAll AlertField field, @ForAll("hostile") String s) {
        String key = "fz-alert-" + SEQ.incrementAndGet();
        Alert alert = attempt("alert." + field, s, () -> {
            Alert.Builder b = Alert.builder(Severity.HIGH, field == AlertField.TITLE ? s : "Fuzzed alert");
            if (field != AlertField.DEDUP_KEY) {
                b.dedupKey(key);
            }
            switch (field) {
                case TITLE -> {}
                case MESSAGE -> b.message(s);
                case COMPONENT -> b.component(s);
                case LABEL_KEY -> b.label(s, "v");
                case LABEL_VALUE -> b.label("k", s);
                case DEDUP_KEY -> b.dedupKey(s);
                case SOURCE -> b.source(s);
            }
            return b.build();
        });
        if (alert == null) {
            return;
        }
        switch (field) {
            case TITLE -> assertThat(alert.title()).isEqualTo(text(s.strip(), Alert.MAX_TITLE_LENGTH));
            case MESSAGE -> assertThat(alert.message()).isEqualTo(text(s, Alert.MAX_MESSAGE_LENGTH));
            case COMPONENT -> assertThat(alert.component()).isEqualTo(s);
            case LABEL_KEY -> assertThat(alert.labels()).containsOnlyKeys(s);
            case LABEL_VALUE -> assertThat(alert.labels()).containsEntry("k", text(s, Alert.MAX_LABEL_VALUE_LENGTH));
            case DEDUP_KEY -> assertThat(alert.dedupKey()).isEqualTo(s);
            case SOURCE -> assertThat(alert.source()).isEqualTo(s);
        }
        AlertRecord raised = monitor.raiseAlert(alert);
        AlertRecord stored = store.alert(raised.id()).orElseThrow();
        assertThat(stored).isEqualTo(raised);
        // raised alerts are scrubbed (docs/privacy.md): card numbers, secrets, and addresses in text
        Scrubber scrubber = Scrubber.defaults();
        assertThat(stored.title())
                .isEqualTo(text(Scrubber.maskEmails(scrubber.scrub(alert.title())), Alert.MAX_TITLE_LENGTH));
        assertThat(stored.message())
                .isEqualTo(text(Scrubber.maskEmails(scrubber.scrub(alert.message())), Alert.MAX_MESSAGE_LENGTH));
        assertThat(stored.component()).isEqualTo(alert.component());
        TreeMap<String, String> labels = new TreeMap<>();
        scrubber.scrub(alert.labels()).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        assertThat(stored.labels()).isEqualTo(labels);
        if (alert.dedupKey().equals(scrubber.scrub(alert.dedupKey()))) {
            assertThat(stored.dedupKey()).isEqualTo(alert.dedupKey());
        } else {
            assertThat(stored.dedupKey()).isNotEqualTo(alert.dedupKey()).hasSizeLessThanOrEqualTo(255);
        }
        assertThat(stored.source()).isEqualTo(alert.source());
        monitor.alerts().resolve(raised.id(), "fuzz");
    }

    // ------------------------------------------------------------------ health

    enum HealthField {
        COMPONENT,
        STATUS,
        MESSAGE,
        DETAIL_KEY,
        DETAIL_VALUE
    }

    @Property(tries = 500, shrinking = ShrinkingMode.OFF)
    void healthReportBuilder(@ForAll HealthField field, @ForAll("hostile") String s) {
        Instant at = nextTime();
        HealthReport report = attempt("health." + field, s, () -> {
            HealthReport.Builder b = HealthReport.builder(
                            field == HealthField.COMPONENT ? s : "fz-component",
                            field == HealthField.STATUS ? HealthStatus.of(s) : HealthStatus.DOWN)
                    .responseTime(Duration.ofMillis(12))
                    .checkedAt(at);
            switch (field) {
                case MESSAGE -> b.message(s);
                case DETAIL_KEY -> b.detail(s, 1);
                case DETAIL_VALUE -> b.detail("k", s);
                default -> {}
            }
            return b.build();
        });
        if (report == null) {
            return;
        }
        if (field == HealthField.MESSAGE) {
            assertThat(report.message()).isEqualTo(text(s, HealthReport.MAX_MESSAGE_LENGTH));
        }
        store.write(new WriteBatch(List.of(), List.of(report), List.of(), List.of()));
        assertThat(store.healthSamples(report.component(), at, at.plusMillis(1), 10))
                .contains(report);
    }

    // ------------------------------------------------------------------ logs

    enum LogField {
        COMPONENT,
        MESSAGE,
        TRANSACTION_ID,
        CUSTOMER,
        DETAIL_KEY,
        DETAIL_VALUE
    }

    @Property(tries = 500, shrinking = ShrinkingMode.OFF)
    void logEntry(@ForAll LogField field, @ForAll("hostile") String s) {
        Instant at = nextTime();
        LogEntry entry = attempt(
                "log." + field,
                s,
                () -> new LogEntry(
                        LogLevel.ERROR,
                        field == LogField.COMPONENT ? s : "checkout",
                        field == LogField.MESSAGE ? s : "fuzzed",
                        switch (field) {
                            case DETAIL_KEY -> Map.of(s, 1);
                            case DETAIL_VALUE -> Map.of("k", s);
                            default -> Map.of();
                        },
                        field == LogField.TRANSACTION_ID ? s : null,
                        field == LogField.CUSTOMER ? s : null,
                        at));
        if (entry == null) {
            return;
        }
        if (field == LogField.MESSAGE) {
            assertThat(entry.message()).isEqualTo(text(s, LogEntry.MAX_MESSAGE_LENGTH));
        }
        store.write(new WriteBatch(List.of(), List.of(), List.of(), List.of(entry)));
        List<StoredLogEntry> found = store.searchLogs(
                        new LogQuery(null, null, null, null, at, at.plusMillis(1), 10, null))
                .items();
        assertThat(found).extracting(StoredLogEntry::entry).contains(entry);
    }

    // ------------------------------------------------------------------ errors

    enum ErrorField {
        TYPE,
        MESSAGE,
        THROWABLE_MESSAGE,
        COMPONENT,
        TRANSACTION_ID,
        CONTEXT_KEY,
        CONTEXT_VALUE
    }

    @Property(tries = 500, shrinking = ShrinkingMode.OFF)
    void errorEventBuilder(@ForAll ErrorField field, @ForAll("hostile") String s) {
        Instant at = nextTime();
        ErrorEvent event = attempt("error." + field, s, () -> {
            ErrorEvent.Builder b = switch (field) {
                case TYPE -> ErrorEvent.builder(s, "boom");
                case MESSAGE -> ErrorEvent.builder("shop.PaymentException", s);
                case THROWABLE_MESSAGE -> ErrorEvent.builder(new IllegalStateException(s));
                default -> ErrorEvent.builder("shop.PaymentException", "boom");
            };
            switch (field) {
                case COMPONENT -> b.component(s);
                case TRANSACTION_ID -> b.transactionId(s);
                case CONTEXT_KEY -> b.context(s, 1);
                case CONTEXT_VALUE -> b.context("k", s);
                default -> {}
            }
            return b.occurredAt(at).build();
        });
        if (event == null) {
            return;
        }
        if (field == ErrorField.MESSAGE) {
            assertThat(event.message()).isEqualTo(text(s, ErrorEvent.MAX_MESSAGE_LENGTH));
        }
        if (field == ErrorField.THROWABLE_MESSAGE) {
            assertThat(event.stackTrace()).hasSizeLessThanOrEqualTo(ErrorEvent.MAX_STACK_TRACE_LENGTH);
        }
        String fingerprint = "fz-" + SEQ.incrementAndGet();
        store.write(new WriteBatch(
                List.of(),
                List.of(),
                List.of(new ErrorOccurrence(fingerprint, Fingerprints.template(event.message()), event)),
                List.of()));
        ErrorGroup group = store.errorGroup(fingerprint).orElseThrow();
        assertThat(group.type()).isEqualTo(event.type());
        assertThat(group.lastMessage()).isEqualTo(event.message());
        assertThat(group.component()).isEqualTo(event.component());
        assertThat(group.lastTransactionId()).isEqualTo(event.transactionId());
        assertThat(group.lastStackTrace()).isEqualTo(event.stackTrace());
        assertThat(group.messageTemplate()).isEqualTo(Fingerprints.template(event.message()));
    }
}
