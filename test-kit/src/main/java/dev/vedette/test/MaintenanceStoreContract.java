package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ApiKey;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Part of the {@link StoreContractTest}: erasure of personal data, audit, locks and purge. */
abstract class MaintenanceStoreContract extends AlertStoreContract {
    // ------------------------------------------------------------------ erasure

    @Test
    void eraseRemovesACustomersPersonalDataEverywhere() {
        write(
                txn("t1", TransactionStatus.PENDING, 0)
                        .customer("Ada@Example.com", "Ada Lovelace")
                        .metadata("note", "contact ada@example.com")
                        .build(),
                txn("t2", TransactionStatus.FAILED, 1)
                        .customer("bob@example.com", "Bob")
                        .error("E1", "duplicate charge reported by ada@example.com")
                        .build());
        write(txn("t1", TransactionStatus.COMPLETED, 2)
                .customer("ada@example.com", "Ada")
                .build());
        store.write(new WriteBatch(
                List.of(),
                List.of(),
                List.of(new ErrorOccurrence(
                        "fp",
                        "x",
                        ErrorEvent.builder("java.lang.IllegalStateException", "no account for ada@example.com")
                                .occurredAt(at(3))
                                .build())),
                List.of(new LogEntry(
                        LogLevel.INFO,
                        "checkout",
                        "receipt sent to ada@example.com",
                        Map.of(),
                        "t1",
                        "ada@example.com",
                        at(4)))));
        store.raiseAlert(RaisePlan.silent(new AlertRecord(
                "a1",
                "k",
                Severity.MEDIUM,
                "3 failures for ada@example.com",
                null,
                null,
                new TreeMap<>(Map.of("customer", "ada@example.com")),
                "rule:x",
                AlertStatus.OPEN,
                1,
                at(5),
                at(5),
                null,
                null,
                null,
                null,
                null,
                null)));

        long changed = store.erase("ADA@example.com", "erased-1@erased.invalid");

        assertThat(changed).isGreaterThanOrEqualTo(7);
        StoredTransaction t1 = store.transaction("t1").orElseThrow();
        assertThat(t1.customerEmail()).isEqualTo("erased-1@erased.invalid");
        assertThat(t1.customerName()).isNull();
        assertThat(t1.metadata()).containsEntry("note", "contact erased-1@erased.invalid");
        assertThat(t1.timeline()).allSatisfy(e -> {
            assertThat(e.observation().customerEmail()).isEqualTo("erased-1@erased.invalid");
            assertThat(e.observation().customerName()).isNull();
        });
        StoredTransaction t2 = store.transaction("t2").orElseThrow();
        assertThat(t2.customerEmail()).as("other customers are untouched").isEqualTo("bob@example.com");
        assertThat(t2.errorMessage()).isEqualTo("duplicate charge reported by erased-1@erased.invalid");
        StoredLogEntry log = store.searchLogs(LogQuery.recent(10)).items().get(0);
        assertThat(log.entry().message()).isEqualTo("receipt sent to erased-1@erased.invalid");
        assertThat(log.entry().customer()).isEqualTo("erased-1@erased.invalid");
        assertThat(store.errorGroup("fp").orElseThrow().lastMessage())
                .isEqualTo("no account for erased-1@erased.invalid");
        AlertRecord alert = store.alert("a1").orElseThrow();
        assertThat(alert.title()).isEqualTo("3 failures for erased-1@erased.invalid");
        assertThat(alert.labels()).containsEntry("customer", "erased-1@erased.invalid");
        assertThat(store.searchTransactions(TransactionQuery.builder()
                                .customerEmail("ada@example.com")
                                .build())
                        .items())
                .isEmpty();
    }

    @Test
    void eraseFindsTheAddressInAnyCaseInTextMetadataLogsErrorsAndAlerts() {
        write(txn("t1", TransactionStatus.FAILED, 0)
                .customer("Ada@Example.COM", "Ada")
                .error("DECLINED", "card declined for Ada@Example.COM")
                .metadata("note", "contact ADA@EXAMPLE.COM or ada@example.com")
                .metadata("nested", Map.of("who", List.of("aDa@ExAmPlE.cOm")))
                .build());
        store.write(new WriteBatch(
                List.of(),
                List.of(),
                List.of(new ErrorOccurrence(
                        "fp",
                        "x",
                        ErrorEvent.builder("java.lang.IllegalStateException", "no account for Ada@Example.COM")
                                .occurredAt(at(1))
                                .build())),
                List.of(new LogEntry(
                        LogLevel.INFO,
                        "checkout",
                        "receipt sent to Ada@Example.COM",
                        Map.of("to", "ADA@example.com"),
                        "t1",
                        "Ada@Example.COM",
                        at(2)))));
        store.raiseAlert(RaisePlan.silent(new AlertRecord(
                "a1",
                "k",
                Severity.MEDIUM,
                "3 failures for Ada@Example.COM",
                "latest: card declined for ADA@EXAMPLE.COM",
                null,
                new TreeMap<>(Map.of("customer", "Ada@Example.COM")),
                "rule:x",
                AlertStatus.OPEN,
                1,
                at(3),
                at(3),
                null,
                null,
                null,
                null,
                null,
                null)));

        store.erase("ada@example.com", "erased-1@erased.invalid");

        String pseudonym = "erased-1@erased.invalid";
        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.customerEmail()).isEqualTo(pseudonym);
        assertThat(t.errorMessage()).isEqualTo("card declined for " + pseudonym);
        assertThat(t.metadata())
                .containsEntry("note", "contact " + pseudonym + " or " + pseudonym)
                .containsEntry("nested", Map.of("who", List.of(pseudonym)));
        Transaction observed = t.timeline().get(0).observation();
        assertThat(observed.errorMessage()).isEqualTo("card declined for " + pseudonym);
        assertThat(observed.metadata()).containsEntry("note", "contact " + pseudonym + " or " + pseudonym);
        StoredLogEntry log = store.searchLogs(LogQuery.recent(10)).items().get(0);
        assertThat(log.entry().message()).isEqualTo("receipt sent to " + pseudonym);
        assertThat(log.entry().details()).containsEntry("to", pseudonym);
        assertThat(log.entry().customer()).isEqualTo(pseudonym);
        assertThat(store.errorGroup("fp").orElseThrow().lastMessage()).isEqualTo("no account for " + pseudonym);
        AlertRecord alert = store.alert("a1").orElseThrow();
        assertThat(alert.title()).isEqualTo("3 failures for " + pseudonym);
        assertThat(alert.message()).isEqualTo("latest: card declined for " + pseudonym);
        assertThat(alert.labels()).containsEntry("customer", pseudonym);
        assertThat(String.join(
                        " ",
                        String.valueOf(t.metadata()),
                        String.valueOf(observed),
                        String.valueOf(log.entry()),
                        String.valueOf(store.errorGroup("fp").orElseThrow()),
                        String.valueOf(alert)))
                .doesNotContainIgnoringCase("ada@example.com");
    }

    @Test
    void eraseNeedsAnAddressAsReplacement() {
        assertThatThrownBy(() -> store.erase("ada@example.com", "gone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replacement must be an e-mail address, was 'gone'");
    }

    // ------------------------------------------------------------------ API keys

    @Test
    void apiKeysAreSavedReplacedByIdAndListedOldestFirst() {
        String hashA = "a".repeat(64);
        String hashB = "0123456789abcdef".repeat(4);
        ApiKey b = new ApiKey("Bbbbbbb2", "billing", ApiKey.Scope.ADMIN, hashB, at(20), "ops", null, null);
        ApiKey a = new ApiKey("Aaaaaaa1", "checkout 'service'", ApiKey.Scope.INGEST, hashA, at(10), "ops", null, null);
        store.saveApiKey(b);
        store.saveApiKey(a);

        assertThat(store.apiKeys()).containsExactly(a, b);

        ApiKey revoked = a.revoked(at(30), "admin");
        store.saveApiKey(revoked);

        assertThat(store.apiKeys()).containsExactly(revoked, b);
        assertThat(store.apiKeys().get(0).revokedAt()).isEqualTo(at(30));
        assertThat(store.apiKeys().get(0).revokedBy()).isEqualTo("admin");
        assertThat(store.apiKeys().get(0).active()).isFalse();
        assertThat(store.apiKeys().get(1).scope()).isEqualTo(ApiKey.Scope.ADMIN);
    }

    // ------------------------------------------------------------------ audit, locks, purge

    @Test
    void auditEntriesGetIncreasingIdsAndPageNewestFirst() {
        AuditEntry a = store.appendAudit(
                new AuditEntry(0, at(1), "ada", "alert.acknowledge", "a1", Map.of("reason", "on it")));
        AuditEntry b = store.appendAudit(new AuditEntry(0, at(2), "bob", "silence.create", "s1", Map.of()));
        AuditEntry c = store.appendAudit(new AuditEntry(0, at(2), "bob", "alert.resolve", "a1", Map.of()));

        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(c.id()).isGreaterThan(b.id());
        Page<AuditEntry> first = store.audit(2, null);
        assertThat(first.items()).extracting(AuditEntry::action).containsExactly("alert.resolve", "silence.create");
        assertThat(store.audit(2, first.nextCursor()).items()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ada");
            assertThat(e.details()).containsEntry("reason", "on it");
        });
    }

    @Test
    void lockIsExclusiveUntilReleasedOrExpired() {
        assertThat(store.tryLock("jobs", "node-1", at(0), Duration.ofSeconds(30)))
                .isTrue();
        assertThat(store.tryLock("jobs", "node-2", at(10), Duration.ofSeconds(30)))
                .isFalse();
        assertThat(store.tryLock("jobs", "node-1", at(20), Duration.ofSeconds(30)))
                .as("holder renews")
                .isTrue();
        assertThat(store.tryLock("jobs", "node-2", at(49), Duration.ofSeconds(30)))
                .isFalse();
        assertThat(store.tryLock("jobs", "node-2", at(50), Duration.ofSeconds(30)))
                .as("expired lease")
                .isTrue();
        store.unlock("jobs", "node-1");
        assertThat(store.tryLock("jobs", "node-1", at(51), Duration.ofSeconds(30)))
                .as("not released by a non-holder")
                .isFalse();
        store.unlock("jobs", "node-2");
        assertThat(store.tryLock("jobs", "node-1", at(52), Duration.ofSeconds(30)))
                .isTrue();
        assertThat(store.tryLock("other", "node-2", at(52), Duration.ofSeconds(30)))
                .isTrue();
    }

    @Test
    void purgeRemovesOnlyOldRawData() {
        write(
                txn("old", TransactionStatus.COMPLETED, 0).build(),
                txn("new", TransactionStatus.COMPLETED, 100).build());
        store.write(new WriteBatch(
                List.of(),
                List.of(
                        HealthReport.builder("db", HealthStatus.UP)
                                .checkedAt(at(0))
                                .build(),
                        HealthReport.builder("db", HealthStatus.UP)
                                .checkedAt(at(100))
                                .build()),
                List.of(),
                List.of(
                        new LogEntry(LogLevel.INFO, null, "old", Map.of(), null, null, at(0)),
                        new LogEntry(LogLevel.INFO, null, "new", Map.of(), null, null, at(100)))));
        store.raiseAlert(RaisePlan.silent(newAlert("a-old", "k1", Severity.LOW, at(0))));
        store.updateAlert("a-old", a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "auto", at(1)), List.of());
        store.raiseAlert(RaisePlan.silent(newAlert("a-open", "k2", Severity.LOW, at(0))));

        long deleted = store.purge(at(50), 1);

        assertThat(deleted).isGreaterThanOrEqualTo(4);
        assertThat(store.transaction("old")).isEmpty();
        assertThat(store.transaction("new")).isPresent();
        assertThat(store.healthSamples("db", at(0), at(200), 10))
                .extracting(HealthReport::checkedAt)
                .containsExactly(at(100));
        assertThat(store.searchLogs(LogQuery.recent(10)).items())
                .extracting(l -> l.entry().message())
                .containsExactly("new");
        assertThat(store.alert("a-old")).isEmpty();
        assertThat(store.alert("a-open")).as("open alerts are kept").isPresent();
    }
}
