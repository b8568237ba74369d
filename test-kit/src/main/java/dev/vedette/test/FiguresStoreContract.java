package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.WriteBatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Part of the {@link StoreContractTest}: {@link dev.vedette.store.Store#transactionFigures}, the
 * distinct customers, paid counts, funnel steps and failures by error code that the analytics pages
 * ask instead of reading rows. Every figure must be exact, except the customer counts of a store
 * that says they are estimated ({@link TransactionFigures#customerEstimate()}): those must cover the
 * whole UTC days around the range and lie within the estimate's error.
 */
abstract class FiguresStoreContract extends ReportStoreContract {
    private static final Set<TransactionStatus.Kind> PAID =
            EnumSet.of(TransactionStatus.Kind.SUCCEEDED, TransactionStatus.Kind.REVERSED);

    private TransactionFigures figures(long fromSecond, long toSecond, List<String> steps) {
        return store.transactionFigures(new FiguresQuery(at(fromSecond), at(toSecond), PAID, steps));
    }

    /**
     * Checks a customer count: {@code exact} when the store counts exactly, else {@code overDays} (the
     * count over the whole UTC days the range touches) within four standard errors, with an estimate
     * that starts and ends on UTC midnights around the range.
     */
    static void assertCustomers(TransactionFigures f, long actual, FiguresQuery q, long exact, long overDays) {
        TransactionFigures.CustomerEstimate e = f.customerEstimate();
        if (e == null) {
            assertThat(actual).isEqualTo(exact);
            return;
        }
        assertThat(e.from()).isBeforeOrEqualTo(q.from());
        assertThat(e.to()).isAfterOrEqualTo(q.to());
        assertThat(e.from().getEpochSecond() % 86_400).isZero();
        assertThat(e.to().getEpochSecond() % 86_400).isZero();
        assertThat(e.from()).isAfter(q.from().minusSeconds(86_400));
        assertThat(e.to()).isBefore(q.to().plusSeconds(86_400));
        assertThat((double) actual)
                .isCloseTo(
                        overDays,
                        org.assertj.core.data.Offset.offset(Math.max(0.5, 4 * e.relativeStandardError() * overDays)));
    }

    @Test
    void figuresCountDistinctCustomersIgnoringCaseAndPayingOnesByTheirKinds() {
        write(
                txn("a", TransactionStatus.COMPLETED, 0)
                        .customer("Ada@Example.com", null)
                        .build(),
                txn("b", TransactionStatus.FAILED, 1)
                        .customer("ada@example.COM", null)
                        .build(),
                txn("c", TransactionStatus.FAILED, 2)
                        .customer("bob@example.com", null)
                        .build(),
                txn("d", TransactionStatus.REFUNDED, 3)
                        .customer("eve@example.com", null)
                        .build(),
                txn("e", TransactionStatus.PENDING, 4).build(),
                txn("f", TransactionStatus.COMPLETED, 5).build());

        FiguresQuery q = new FiguresQuery(at(0), at(60), PAID, List.of());
        TransactionFigures f = store.transactionFigures(q);

        assertThat(f.transactions()).isEqualTo(6);
        assertThat(f.paid()).isEqualTo(3); // a, d (refunds count as paid with these kinds), f
        assertCustomers(f, f.customers(), q, 3, 3); // ada, bob, eve
        assertCustomers(f, f.payingCustomers(), q, 2, 2); // ada, eve
        assertThat(f.steps()).isEmpty();

        FiguresQuery succeeded =
                new FiguresQuery(at(0), at(60), EnumSet.of(TransactionStatus.Kind.SUCCEEDED), List.of());
        TransactionFigures succeededOnly = store.transactionFigures(succeeded);
        assertThat(succeededOnly.paid()).isEqualTo(2);
        assertCustomers(succeededOnly, succeededOnly.payingCustomers(), succeeded, 1, 1);

        FiguresQuery none = new FiguresQuery(at(0), at(60), Set.of(), List.of());
        TransactionFigures nothingPaid = store.transactionFigures(none);
        assertThat(nothingPaid.paid()).isZero();
        assertThat(nothingPaid.payingCustomers()).isZero();
        assertCustomers(nothingPaid, nothingPaid.customers(), none, 3, 3);
    }

    @Test
    void figuresRangeIsHalfOpenOnCreatedAtAndFollowsStatusChanges() {
        write(
                txn("early", TransactionStatus.COMPLETED, 0)
                        .customer("early@example.com", null)
                        .build(),
                txn("in", TransactionStatus.PENDING, 10)
                        .customer("in@example.com", null)
                        .build(),
                txn("late", TransactionStatus.COMPLETED, 20)
                        .customer("late@example.com", null)
                        .build());
        write(txn("in", TransactionStatus.COMPLETED, 30).build());

        FiguresQuery q = new FiguresQuery(at(1), at(20), PAID, List.of());
        TransactionFigures f = store.transactionFigures(q);

        assertThat(f.transactions()).isEqualTo(1);
        assertThat(f.paid()).isEqualTo(1);
        // an estimating store covers the whole UTC day, so it sees the three customers
        assertCustomers(f, f.customers(), q, 1, 3);
        assertCustomers(f, f.payingCustomers(), q, 1, 3);
        assertThat(figures(100, 200, List.of("created")).transactions()).isZero();
    }

    @Test
    void figuresCountStepsByWholeNameInTheOrderAsked() {
        write(
                txn("a", TransactionStatus.COMPLETED, 0).step("email_sent").build(),
                txn("b", TransactionStatus.COMPLETED, 1).step("emailxsent").build(),
                txn("c", TransactionStatus.PENDING, 2).step("email").build(),
                txn("d", TransactionStatus.PENDING, 3).build());
        write(
                Transaction.builder("a").step("user.created").occurredAt(at(4)).build(),
                Transaction.builder("c").step("user.created").occurredAt(at(5)).build());

        TransactionFigures f =
                figures(0, 60, List.of("user.created", "email_sent", "email", "user", "Not Recordable", "%"));

        assertThat(f.steps())
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("user.created", 2L),
                        org.assertj.core.api.Assertions.entry("email_sent", 1L), // not "emailxsent"
                        org.assertj.core.api.Assertions.entry("email", 1L), // not "email_sent"
                        org.assertj.core.api.Assertions.entry("user", 0L),
                        org.assertj.core.api.Assertions.entry("Not Recordable", 0L),
                        org.assertj.core.api.Assertions.entry("%", 0L));
    }

    @Test
    void figuresCountFailuresByCodeWithTheNewestMessage() {
        write(
                txn("f1", TransactionStatus.FAILED, 0)
                        .error("DECLINED", "oldest")
                        .build(),
                txn("f2", TransactionStatus.FAILED, 5)
                        .error("DECLINED", "newest")
                        .build(),
                txn("f3", TransactionStatus.FAILED, 9).error("DECLINED", null).build(),
                txn("f4", TransactionStatus.ERROR, 3).error("TIMEOUT", null).build(),
                txn("f5", TransactionStatus.FAILED, 4).build(),
                txn("f6", TransactionStatus.FAILED, 6).error("TIE", "first id").build(),
                txn("f7", TransactionStatus.FAILED, 6).error("TIE", "last id").build(),
                txn("ok", TransactionStatus.COMPLETED, 7)
                        .error("DECLINED", "not a failure")
                        .build());

        TransactionFigures f = figures(0, 60, List.of());

        assertThat(f.failures())
                .extracting(
                        TransactionFigures.FailureCount::errorCode,
                        TransactionFigures.FailureCount::count,
                        TransactionFigures.FailureCount::newestMessage)
                .containsExactlyInAnyOrder(
                        tuple("DECLINED", 3L, "newest"),
                        tuple("TIMEOUT", 1L, null),
                        tuple(null, 1L, null),
                        tuple("TIE", 2L, "last id"));
        assertThat(figures(20, 60, List.of()).failures()).isEmpty();
    }

    @Test
    void figuresLeftOutOfTheQueryAreZeroOrEmpty() {
        write(
                txn("a", TransactionStatus.COMPLETED, 0)
                        .customer("ada@example.com", null)
                        .step("cart")
                        .build(),
                txn("b", TransactionStatus.FAILED, 1)
                        .customer("bob@example.com", null)
                        .error("DECLINED", "no")
                        .build());

        TransactionFigures stepsOnly =
                store.transactionFigures(new FiguresQuery(at(0), at(60), PAID, List.of("cart"), Set.of()));

        assertThat(stepsOnly.transactions()).isEqualTo(2);
        assertThat(stepsOnly.paid()).isEqualTo(1);
        assertThat(stepsOnly.steps()).containsEntry("cart", 1L);
        assertThat(stepsOnly.customers()).isZero();
        assertThat(stepsOnly.payingCustomers()).isZero();
        assertThat(stepsOnly.failures()).isEmpty();

        FiguresQuery q = new FiguresQuery(at(0), at(60), PAID, List.of(), Set.of(FiguresQuery.Part.CUSTOMERS));
        TransactionFigures customersOnly = store.transactionFigures(q);
        assertCustomers(customersOnly, customersOnly.customers(), q, 2, 2);
        assertThat(customersOnly.failures()).isEmpty();
    }

    @Test
    void figuresCoverEveryRowOfALargeRange() {
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < 2_100; i++) {
            batch.add(txn("bulk-" + i, i % 3 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED, i % 50)
                    .customer("c" + (i % 1_500) + "@example.com", null)
                    .build());
        }
        store.write(WriteBatch.ofTransactions(batch));

        FiguresQuery q = new FiguresQuery(at(0), at(60), PAID, List.of());
        TransactionFigures f = store.transactionFigures(q);

        assertThat(f.transactions()).isEqualTo(2_100);
        assertThat(f.paid()).isEqualTo(1_400);
        assertCustomers(f, f.customers(), q, 1_500, 1_500);
        assertThat(f.failures())
                .singleElement()
                .satisfies(x -> assertThat(x.count()).isEqualTo(700));
    }

    @Test
    void figuresFollowAPaymentRecordedPendingThenFailedThenCompleted() {
        write(txn("p", TransactionStatus.PENDING, 0)
                .customer("ada@example.com", null)
                .build());
        write(txn("p", TransactionStatus.FAILED, 1)
                .error("DECLINED", "card declined")
                .build());

        assertThat(figures(0, 60, List.of()).failures())
                .extracting(
                        TransactionFigures.FailureCount::errorCode,
                        TransactionFigures.FailureCount::count,
                        TransactionFigures.FailureCount::newestMessage)
                .containsExactly(tuple("DECLINED", 1L, "card declined"));

        write(txn("p", TransactionStatus.COMPLETED, 2).build());

        TransactionFigures f = figures(0, 60, List.of());
        assertThat(f.failures()).isEmpty();
        assertThat(f.paid()).isEqualTo(1);
        assertThat(f.transactions()).isEqualTo(1);
    }

    @Test
    void figuresIgnoreALateFailureOfACompletedPaymentAndMoveAChangedCode() {
        write(txn("late", TransactionStatus.COMPLETED, 5).build());
        write(txn("late", TransactionStatus.FAILED, 2)
                .error("DECLINED", "too late")
                .build());
        write(txn("moved", TransactionStatus.FAILED, 3).error("A", "first").build());
        write(txn("moved", TransactionStatus.FAILED, 4).error("B", "second").build());

        assertThat(figures(0, 60, List.of()).failures())
                .extracting(
                        TransactionFigures.FailureCount::errorCode,
                        TransactionFigures.FailureCount::count,
                        TransactionFigures.FailureCount::newestMessage)
                .containsExactly(tuple("B", 1L, "second"));
    }

    @Test
    void figuresFindTheNextNewestMessageWhenTheNewestFailureRecovers() {
        write(
                txn("older", TransactionStatus.FAILED, 3)
                        .error("DECLINED", "older")
                        .build(),
                txn("newer", TransactionStatus.FAILED, 10)
                        .error("DECLINED", "newer")
                        .build());
        write(txn("newer", TransactionStatus.COMPLETED, 11).build());

        assertThat(figures(0, 60, List.of()).failures())
                .extracting(
                        TransactionFigures.FailureCount::errorCode,
                        TransactionFigures.FailureCount::count,
                        TransactionFigures.FailureCount::newestMessage)
                .containsExactly(tuple("DECLINED", 1L, "older"));
    }

    @Test
    void figuresCountStepsAddedInThreeRecordsOnceAndARetriedRecordOnce() {
        write(txn("s", TransactionStatus.PENDING, 0).step("cart").build());
        write(Transaction.builder("s").step("address").occurredAt(at(1)).build());
        write(
                Transaction.builder("s").step("paid").occurredAt(at(2)).build(),
                Transaction.builder("s").step("cart").occurredAt(at(3)).build());
        Transaction retried = txn("r", TransactionStatus.FAILED, 4)
                .error("DECLINED", "no")
                .step("cart")
                .build();
        write(retried, retried);
        write(retried);

        TransactionFigures f = figures(0, 60, List.of("cart", "address", "paid"));
        assertThat(f.steps())
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("cart", 2L),
                        org.assertj.core.api.Assertions.entry("address", 1L),
                        org.assertj.core.api.Assertions.entry("paid", 1L));
        assertThat(f.transactions()).isEqualTo(2);
        assertThat(f.failures())
                .extracting(TransactionFigures.FailureCount::errorCode, TransactionFigures.FailureCount::count)
                .containsExactly(tuple("DECLINED", 1L));
    }

    @Test
    void figuresKeepEveryFailureOfTenThousandDistinctHostileCodes() {
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(txn("h" + i, TransactionStatus.FAILED, i % 50)
                    .error("<script>" + i + "' OR 1=1", "msg " + i)
                    .build());
            if (batch.size() == 1_000) {
                store.write(WriteBatch.ofTransactions(batch));
                batch.clear();
            }
        }

        List<TransactionFigures.FailureCount> failures =
                figures(0, 60, List.of()).failures();

        assertThat(failures.stream()
                        .mapToLong(TransactionFigures.FailureCount::count)
                        .sum())
                .isEqualTo(10_000);
        for (TransactionFigures.FailureCount c : failures) {
            if (c.otherCodes()) {
                assertThat(c.errorCode()).isEqualTo(TransactionFigures.OTHER_CODES);
                assertThat(c.newestMessage()).isNull();
            } else {
                assertThat(c.errorCode()).startsWith("<script>");
                assertThat(c.count()).isEqualTo(1);
                assertThat(c.newestMessage())
                        .isEqualTo("msg "
                                + c.errorCode().substring(8, c.errorCode().indexOf('\'')));
            }
        }
        assertThat(failures.stream().filter(TransactionFigures.FailureCount::otherCodes))
                .hasSizeLessThanOrEqualTo(1);
    }
}
