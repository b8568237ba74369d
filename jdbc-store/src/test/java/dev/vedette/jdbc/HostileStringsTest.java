package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.LogQuery;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HostileStringsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String HOSTILE = "'; DROP TABLE vedette_transactions; -- \"x\" %_\\ !% `b` \t 💸🚀 ü ß Ω";

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void hostileValuesRoundTripAndSearchLiterally(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                JdbcStore store =
                        JdbcStore.builder().dataSource(db.dataSource()).build()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("text", HOSTILE);
            metadata.put("long", 12_345_678_901L);
            metadata.put("int", 7);
            metadata.put("decimal", new BigDecimal("19.90"));
            metadata.put("big", new BigInteger("123456789012345678901234567890"));
            metadata.put("double", 0.1);
            metadata.put("float", 1.5f);
            metadata.put("short", (short) 3);
            metadata.put("flag", false);
            metadata.put("$tagLike", Map.of("$decimal", "not a number"));
            metadata.put("list", List.of(1, "two", new BigDecimal("3.000")));
            String message = ("💸 quote' percent% under_ back\\ bang! " + HOSTILE)
                    .repeat(40)
                    .substring(0, 1_990);
            Transaction t = Transaction.builder("id-'\"%_\\!💸")
                    .status(TransactionStatus.FAILED)
                    .customer("o'hara+%_@example.com", HOSTILE)
                    .error("E'%_\\", message)
                    .metadata(metadata)
                    .occurredAt(T0)
                    .build();
            Transaction other = Transaction.builder("plain")
                    .status(TransactionStatus.FAILED)
                    .error("PLAIN", "nothing special here")
                    .occurredAt(T0.plusSeconds(1))
                    .build();
            store.write(WriteBatch.ofTransactions(List.of(t, other)));

            StoredTransaction stored = store.transaction(t.id()).orElseThrow();
            assertThat(stored.customerName()).isEqualTo(HOSTILE);
            assertThat(stored.customerEmail()).isEqualTo("o'hara+%_@example.com");
            assertThat(stored.errorCode()).isEqualTo("E'%_\\");
            assertThat(stored.errorMessage()).isEqualTo(message);
            assertThat(stored.metadata()).isEqualTo(t.metadata()).containsEntry("decimal", new BigDecimal("19.90"));
            assertThat(stored.timeline().get(0).observation()).isEqualTo(t);

            for (String needle : List.of("\\", "!", "!%", "%", "_", "'", "💸", "BACK\\ BANG!")) {
                assertThat(store.searchTransactions(
                                        TransactionQuery.builder().text(needle).build())
                                .items())
                        .as(needle)
                        .extracting(StoredTransaction::id)
                        .containsExactly(t.id());
            }
            assertThat(store.searchTransactions(
                                    TransactionQuery.builder().text("b_ng").build())
                            .items())
                    .isEmpty();
            assertThat(store.searchTransactions(
                                    TransactionQuery.builder().text("p%nt").build())
                            .items())
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void longTextsInLogsErrorsAlertsAndAuditRoundTrip(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                JdbcStore store =
                        JdbcStore.builder().dataSource(db.dataSource()).build()) {
            String stackTrace = ("at shop.Checkout.pay(Checkout.java:42) '%_\\ 💸\n")
                    .repeat(400)
                    .substring(0, 10_000);
            String logMessage = (HOSTILE + " ").repeat(100).substring(0, LogEntry.MAX_MESSAGE_LENGTH);
            ErrorEvent event = ErrorEvent.builder("shop.PaymentException", HOSTILE)
                    .occurredAt(T0)
                    .build();
            ErrorEvent withTrace = withStackTrace(event, stackTrace);
            store.write(new WriteBatch(
                    List.of(),
                    List.of(),
                    List.of(new ErrorOccurrence("fp-1", HOSTILE, withTrace)),
                    List.of(
                            new LogEntry(
                                    LogLevel.ERROR, "checkout", logMessage, Map.of("q", HOSTILE), "t'1", HOSTILE, T0),
                            new LogEntry(LogLevel.INFO, "checkout", "plain", Map.of(), null, null, T0))));

            assertThat(store.errorGroup("fp-1").orElseThrow().messageTemplate()).isEqualTo(HOSTILE);
            assertThat(store.errorGroup("fp-1").orElseThrow().lastStackTrace()).isEqualTo(withTrace.stackTrace());
            List<StoredLogEntry> logs = store.searchLogs(new LogQuery(null, null, null, "%_\\ !", null, null, 10, null))
                    .items();
            assertThat(logs).singleElement().satisfies(l -> {
                assertThat(l.entry().message()).isEqualTo(logMessage);
                assertThat(l.entry().details()).containsEntry("q", HOSTILE);
                assertThat(l.entry().customer()).isEqualTo(HOSTILE);
            });

            AlertRecord alert = new AlertRecord(
                    "a'1",
                    "key'%_\\💸",
                    Severity.HIGH,
                    HOSTILE,
                    HOSTILE,
                    "checkout",
                    new TreeMap<>(Map.of("note", HOSTILE)),
                    HOSTILE,
                    AlertStatus.OPEN,
                    1,
                    T0,
                    T0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            store.raiseAlert(RaisePlan.silent(alert));
            assertThat(store.alert("a'1")).contains(alert);

            AuditEntry entry = store.appendAudit(
                    new AuditEntry(0, T0, HOSTILE, "alert.acknowledge", "a'1", Map.of("reason", HOSTILE)));
            assertThat(store.audit(10, null).items()).containsExactly(entry);
        }
    }

    private static ErrorEvent withStackTrace(ErrorEvent base, String stackTrace) {
        Throwable t = new IllegalStateException(stackTrace);
        t.setStackTrace(new StackTraceElement[0]);
        return ErrorEvent.builder(t).occurredAt(base.occurredAt()).build();
    }

    @Test
    void likePatternsEscapeTheirWildcards() {
        assertThat(Sql.containsPattern("50%_off!\\")).isEqualTo("%50!%!_off!!\\%");
    }
}
