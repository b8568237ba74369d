package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Part of the {@link StoreContractTest}: transaction upserts, timelines, search, paging and merges. */
abstract class TransactionStoreContract extends StoreFixture {
    // ------------------------------------------------------------------ upserts and timelines

    @Test
    void firstObservationCreatesTheTransaction() {
        write(txn("t1", TransactionStatus.PENDING, 0)
                .amount("19.99", "USD")
                .customer("ada@example.com", "ada")
                .provider("paypal", "ORDER-1", null)
                .paymentMethod("card")
                .metadata("plan", "pro")
                .build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(t.money().amount()).isEqualByComparingTo("19.99");
        assertThat(t.money().currency()).isEqualTo(Currency.getInstance("USD"));
        assertThat(t.customerEmail()).isEqualTo("ada@example.com");
        assertThat(t.customerName()).isEqualTo("ada");
        assertThat(t.provider()).isEqualTo("paypal");
        assertThat(t.providerOrderId()).isEqualTo("ORDER-1");
        assertThat(t.paymentMethod()).isEqualTo("card");
        assertThat(t.metadata()).containsEntry("plan", "pro");
        assertThat(t.createdAt()).isEqualTo(at(0));
        assertThat(t.completedAt()).isNull();
        assertThat(t.eventCount()).isEqualTo(1);
        assertThat(t.timeline()).hasSize(1);
    }

    @Test
    void laterObservationUpdatesStateAndAppendsToTimeline() {
        write(txn("t1", TransactionStatus.PENDING, 0).amount("10.00", "EUR").build());
        write(txn("t1", TransactionStatus.COMPLETED, 5)
                .provider("stripe", "pi_1", "ch_1")
                .latency(Duration.ofMillis(420))
                .build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.completedAt()).isEqualTo(at(5));
        assertThat(t.providerPaymentId()).isEqualTo("ch_1");
        assertThat(t.money().amount()).isEqualByComparingTo("10.00");
        assertThat(t.latency()).isEqualTo(Duration.ofMillis(420));
        assertThat(t.eventCount()).isEqualTo(2);
        assertThat(t.timeline())
                .extracting(e -> e.observation().status())
                .containsExactly(TransactionStatus.PENDING, TransactionStatus.COMPLETED);
    }

    @Test
    void olderEventNeverMovesTerminalStatusBack() {
        write(txn("t1", TransactionStatus.COMPLETED, 10).build());
        write(txn("t1", TransactionStatus.PENDING, 1).build());
        write(txn("t1", TransactionStatus.FAILED, 5)
                .error("DECLINED", "Card declined")
                .build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.statusAt()).isEqualTo(at(10));
        assertThat(t.createdAt()).isEqualTo(at(1));
        assertThat(t.errorCode()).as("older event fills empty fields").isEqualTo("DECLINED");
        assertThat(t.timeline())
                .as("timeline in event-time order")
                .extracting(e -> e.observation().occurredAt())
                .containsExactly(at(1), at(5), at(10));
    }

    @Test
    void lateTerminalEventBeatsNewerPending() {
        write(txn("t1", TransactionStatus.PENDING, 10).build());
        write(txn("t1", TransactionStatus.COMPLETED, 5).build());

        assertThat(store.transaction("t1").orElseThrow().status()).isEqualTo(TransactionStatus.COMPLETED);
    }

    @Test
    void newerEventMayMoveTerminalToAnotherTerminalStatus() {
        write(txn("t1", TransactionStatus.COMPLETED, 1).amount("5.00", "USD").build());
        write(txn("t1", TransactionStatus.REFUNDED, 2).build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.REFUNDED);
        assertThat(t.completedAt()).isEqualTo(at(2));
    }

    @Test
    void stepsAreRecordedWithoutChangingStatus() {
        write(txn("t1", TransactionStatus.COMPLETED, 0).build());
        write(Transaction.builder("t1").step("user_created").occurredAt(at(1)).build());
        write(Transaction.builder("t1").step("email_sent").occurredAt(at(2)).build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.steps()).containsExactly("email_sent", "user_created");
        assertThat(t.timeline())
                .extracting(e -> e.observation().step())
                .containsExactly(null, "user_created", "email_sent");
    }

    @Test
    void stepForUnknownTransactionStartsItPending() {
        write(Transaction.builder("t9").step("user_created").occurredAt(at(0)).build());

        assertThat(store.transaction("t9").orElseThrow().status()).isEqualTo(TransactionStatus.PENDING);
    }

    @Test
    void customStatusReadsBackWithItsKind() {
        TransactionStatus chargeback = TransactionStatus.of("CHARGEBACK", TransactionStatus.Kind.REVERSED);
        write(txn("t1", chargeback, 0).build());

        TransactionStatus read = store.transaction("t1").orElseThrow().status();
        assertThat(read).isEqualTo(chargeback);
        assertThat(read.kind()).isEqualTo(TransactionStatus.Kind.REVERSED);
    }

    @Test
    void upsertsInOneBatchApplyInOrder() {
        store.write(WriteBatch.ofTransactions(List.of(
                txn("t1", TransactionStatus.PENDING, 0).build(),
                txn("t1", TransactionStatus.FAILED, 1).attempt(1).build(),
                txn("t1", TransactionStatus.COMPLETED, 2).attempt(2).build())));

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.attempt()).isEqualTo(2);
        assertThat(t.eventCount()).isEqualTo(3);
    }

    @Test
    void metadataWithNestedValuesRoundTrips() {
        write(txn("t1", TransactionStatus.PENDING, 0)
                .metadata("cart", Map.of("items", List.of("a", "b"), "total", new BigDecimal("12.50")))
                .metadata("gift", true)
                .metadata("qty", 3)
                .build());

        Map<String, Object> metadata = store.transaction("t1").orElseThrow().metadata();
        assertThat(metadata.get("gift")).isEqualTo(true);
        assertThat(((Number) metadata.get("qty")).intValue()).isEqualTo(3);
        @SuppressWarnings("unchecked")
        Map<String, Object> cart = (Map<String, Object>) metadata.get("cart");
        assertThat(cart.get("items")).isEqualTo(List.of("a", "b"));
        assertThat(new BigDecimal(cart.get("total").toString())).isEqualByComparingTo("12.50");
    }

    @Test
    void hostileStringsRoundTripUnchanged() {
        String hostile = "'; DROP TABLE x; -- %_\\ <script>alert(1)</script> \"q\" 💸 ü";
        String longText = "x".repeat(Transaction.MAX_ERROR_MESSAGE_LENGTH);
        write(txn("t-'%_\\", TransactionStatus.FAILED, 0)
                .customer("o'brien+%_@example.com", hostile)
                .error("E_'%", longText)
                .metadata("note", hostile)
                .build());

        StoredTransaction t = store.transaction("t-'%_\\").orElseThrow();
        assertThat(t.customerName()).isEqualTo(hostile);
        assertThat(t.customerEmail()).isEqualTo("o'brien+%_@example.com");
        assertThat(t.errorMessage()).isEqualTo(longText);
        assertThat(t.metadata()).containsEntry("note", hostile);
    }

    @Test
    void unknownTransactionIsEmpty() {
        assertThat(store.transaction("nope")).isEmpty();
    }

    // ------------------------------------------------------------------ search and paging

    /** Seeds the rows that the search tests and the aggregate tests query. */
    void seedSearchData() {
        write(
                txn("a", TransactionStatus.COMPLETED, 1)
                        .amount("10.00", "USD")
                        .customer("ada@example.com", null)
                        .provider("paypal", "PO-1", "PC-1")
                        .paymentMethod("paypal")
                        .build(),
                txn("b", TransactionStatus.FAILED, 2)
                        .amount("25.50", "USD")
                        .customer("bob@example.com", null)
                        .provider("stripe", "pi_2", null)
                        .paymentMethod("card")
                        .error("card_declined", "Your card was declined (50% off promo_code)")
                        .build(),
                txn("c", TransactionStatus.ERROR, 3)
                        .amount("99.99", "EUR")
                        .customer("ada@example.com", null)
                        .provider("stripe", "pi_3", null)
                        .paymentMethod("card")
                        .error("TIMEOUT", "Provider timed out")
                        .build(),
                txn("d", TransactionStatus.PENDING, 4).amount("5.00", "USD").build(),
                txn("e", TransactionStatus.REFUNDED, 5)
                        .amount("10.00", "USD")
                        .provider("paypal")
                        .build());
    }

    private List<String> ids(TransactionQuery q) {
        return store.searchTransactions(q).items().stream()
                .map(StoredTransaction::id)
                .toList();
    }

    @Test
    void searchReturnsNewestFirstWithoutTimelines() {
        seedSearchData();
        Page<StoredTransaction> page = store.searchTransactions(TransactionQuery.all());
        assertThat(page.items()).extracting(StoredTransaction::id).containsExactly("e", "d", "c", "b", "a");
        assertThat(page.items()).allSatisfy(t -> assertThat(t.timeline()).isEmpty());
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void searchFiltersCombine() {
        seedSearchData();
        assertThat(ids(TransactionQuery.builder()
                        .status(TransactionStatus.FAILED, TransactionStatus.ERROR)
                        .build()))
                .containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder()
                        .customerEmail("ADA@example.com")
                        .build()))
                .containsExactly("c", "a");
        assertThat(ids(TransactionQuery.builder().provider("stripe").build())).containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder().providerId("PC-1").build())).containsExactly("a");
        assertThat(ids(TransactionQuery.builder().providerId("pi_2").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().paymentMethod("card").build()))
                .containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder()
                        .currency(Currency.getInstance("EUR"))
                        .build()))
                .containsExactly("c");
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("10.00"), new BigDecimal("25.50"))
                        .build()))
                .containsExactly("e", "b", "a");
        assertThat(ids(TransactionQuery.builder().createdBetween(at(2), at(4)).build()))
                .containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder()
                        .provider("stripe")
                        .currency(Currency.getInstance("USD"))
                        .build()))
                .containsExactly("b");
    }

    @Test
    void amountBoundsInAnyBigDecimalFormFilterLikeTheirPlainForm() {
        seedSearchData();
        List<String> plain = ids(TransactionQuery.builder()
                .amountBetween(new BigDecimal("10.00"), new BigDecimal("25.50"))
                .build());
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("1E+1"), new BigDecimal("2.55E+1"))
                        .build()))
                .isEqualTo(plain);
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("9.99999999"), new BigDecimal("25.5000001"))
                        .build()))
                .isEqualTo(plain);
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("1e-999999999"), new BigDecimal("1e999"))
                        .build()))
                .containsAll(plain);
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("1e18"), null)
                        .build()))
                .isEmpty();
    }

    @Test
    void textSearchIsLiteralAndCaseInsensitive() {
        seedSearchData();
        assertThat(ids(TransactionQuery.builder().text("DECLINED").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("timeout").build())).containsExactly("c");
        assertThat(ids(TransactionQuery.builder().text("50%").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("%").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("o_c").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("_").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("\\").build())).isEmpty();
        assertThat(ids(TransactionQuery.builder().text("' OR 1=1 --").build())).isEmpty();
    }

    @Test
    void keysetPagingVisitsEveryRowOnceWhileRowsAreInserted() {
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs share a createdAt, so the id breaks ties
            batch.add(txn(String.format("t%02d", i), TransactionStatus.COMPLETED, i / 2)
                    .build());
        }
        store.write(WriteBatch.ofTransactions(batch));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<StoredTransaction> page = store.searchTransactions(
                    TransactionQuery.builder().limit(7).after(cursor).build());
            page.items().forEach(t -> seen.add(t.id()));
            cursor = page.nextCursor();
            // newer rows arriving between pages must not shift the pages
            write(txn("new" + pages, TransactionStatus.PENDING, 1_000 + pages).build());
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("t24");
        assertThat(seen.get(24)).isEqualTo("t00");
    }

    @Test
    void badCursorIsRejectedWithAClearMessage() {
        assertThatThrownBy(
                        () -> TransactionQuery.builder().after("not a cursor!").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after must be a cursor");
    }

    // ------------------------------------------------------------------ merge results and key order

    private static StoredTransaction withoutTimeline(StoredTransaction t) {
        return new StoredTransaction(
                t.id(),
                t.status(),
                t.statusAt(),
                t.money(),
                t.customerEmail(),
                t.customerName(),
                t.provider(),
                t.providerOrderId(),
                t.providerPaymentId(),
                t.paymentMethod(),
                t.errorCode(),
                t.errorMessage(),
                t.attempt(),
                t.latency(),
                t.metadata(),
                t.steps(),
                t.createdAt(),
                t.lastEventAt(),
                t.completedAt(),
                t.updatedAt(),
                t.eventCount(),
                List.of());
    }

    @Test
    void aWriteHandsBackTheMergedTransactionsItStored() {
        Transaction opened = txn("step", TransactionStatus.PENDING, 0)
                .amount("19.99", "EUR")
                .customer("ada@example.com", "Ada")
                .provider("paypal", "PO-1", null)
                .paymentMethod("card")
                .metadata("plan", "pro")
                .build();
        Transaction other = txn("other", TransactionStatus.COMPLETED, 0).build();
        WriteResult first = store.write(WriteBatch.ofTransactions(List.of(opened, other)));
        assertThat(first.transactions())
                .extracting(TransactionChange::observation)
                .containsExactly(opened, other);
        assertThat(first.transactions().get(0).before()).isNull();

        // the final step first, then a late, older step: both in one batch
        Transaction failed = txn("step", TransactionStatus.FAILED, 5)
                .error("INTERNAL_SERVER_ERROR", "Provider returned HTTP 503")
                .latency(Duration.ofMillis(2_500))
                .build();
        Transaction late = Transaction.builder("step")
                .step("checkout_opened")
                .metadata("ip", "10.0.0.1")
                .occurredAt(at(-2))
                .build();
        WriteResult second = store.write(WriteBatch.ofTransactions(List.of(failed, late)));

        assertThat(second.transactions()).hasSize(2);
        TransactionChange afterFailed = second.transactions().get(0);
        TransactionChange afterLate = second.transactions().get(1);
        assertThat(afterFailed.observation()).isEqualTo(failed);
        assertThat(afterFailed.before()).isEqualTo(first.transactions().get(0).after());
        assertThat(afterFailed.before().status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(afterFailed.after().status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(afterFailed.after().provider()).isEqualTo("paypal");
        assertThat(afterFailed.after().customerEmail()).isEqualTo("ada@example.com");
        assertThat(afterLate.before()).isEqualTo(afterFailed.after());
        assertThat(afterLate.after().createdAt()).isEqualTo(at(-2));
        assertThat(afterLate.after().timeline()).isEmpty();

        assertThat(afterLate.after())
                .isEqualTo(withoutTimeline(store.transaction("step").orElseThrow()));
        assertThat(first.transactions().get(1).after())
                .isEqualTo(withoutTimeline(store.transaction("other").orElseThrow()));
    }

    @Test
    void aWriteWithoutTransactionsHandsBackNoTransactionChanges() {
        WriteResult result = store.write(new WriteBatch(
                List.of(),
                List.of(HealthReport.builder("db", HealthStatus.UP)
                        .checkedAt(at(0))
                        .build()),
                List.of(),
                List.of()));
        assertThat(result.transactions()).isEmpty();
    }

    @Test
    void idsThatTieOnCreatedAtPageInCodePointOrder() {
        // U+FF01 is one UTF-16 unit above every surrogate; U+1F4B8 is a surrogate pair. By code point
        // "\uFF01wide" < "💸money"; by UTF-16 unit (String.compareTo) it is the other way round.
        List<String> ids = List.of("\uFF01wide", "💸money", "zeta", "Ünïcode", "ascii");
        List<Transaction> batch = new ArrayList<>();
        for (String id : ids) {
            batch.add(txn(id, TransactionStatus.COMPLETED, 7).build());
        }
        store.write(WriteBatch.ofTransactions(batch));

        List<String> expected = List.of("💸money", "\uFF01wide", "Ünïcode", "zeta", "ascii");
        assertThat(ids.stream()
                        .sorted(java.util.Comparator.comparing(
                                        (String id) -> id.codePoints().toArray(), java.util.Arrays::compare)
                                .reversed())
                        .toList())
                .as("newest first, ties by id descending in code-point order")
                .isEqualTo(expected);

        assertThat(ids(TransactionQuery.builder().limit(10).build())).isEqualTo(expected);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredTransaction> page = store.searchTransactions(
                    TransactionQuery.builder().limit(2).after(cursor).build());
            page.items().forEach(t -> paged.add(t.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(paged).isEqualTo(expected);
    }
}
