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
 * exact distinct customers, paid counts, funnel steps and failures by error code that the analytics
 * pages ask instead of reading rows.
 */
abstract class FiguresStoreContract extends ReportStoreContract {
    private static final Set<TransactionStatus.Kind> PAID =
            EnumSet.of(TransactionStatus.Kind.SUCCEEDED, TransactionStatus.Kind.REVERSED);

    private TransactionFigures figures(long fromSecond, long toSecond, List<String> steps) {
        return store.transactionFigures(new FiguresQuery(at(fromSecond), at(toSecond), PAID, steps));
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

        TransactionFigures f = figures(0, 60, List.of());

        assertThat(f.transactions()).isEqualTo(6);
        assertThat(f.paid()).isEqualTo(3); // a, d (refunds count as paid with these kinds), f
        assertThat(f.customers()).isEqualTo(3); // ada, bob, eve
        assertThat(f.payingCustomers()).isEqualTo(2); // ada, eve
        assertThat(f.steps()).isEmpty();

        TransactionFigures succeededOnly = store.transactionFigures(
                new FiguresQuery(at(0), at(60), EnumSet.of(TransactionStatus.Kind.SUCCEEDED), List.of()));
        assertThat(succeededOnly.paid()).isEqualTo(2);
        assertThat(succeededOnly.payingCustomers()).isEqualTo(1);

        TransactionFigures nothingPaid = store.transactionFigures(new FiguresQuery(at(0), at(60), Set.of(), List.of()));
        assertThat(nothingPaid.paid()).isZero();
        assertThat(nothingPaid.payingCustomers()).isZero();
        assertThat(nothingPaid.customers()).isEqualTo(3);
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

        TransactionFigures f = figures(1, 20, List.of());

        assertThat(f.transactions()).isEqualTo(1);
        assertThat(f.paid()).isEqualTo(1);
        assertThat(f.customers()).isEqualTo(1);
        assertThat(f.payingCustomers()).isEqualTo(1);
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

        TransactionFigures customersOnly = store.transactionFigures(
                new FiguresQuery(at(0), at(60), PAID, List.of(), Set.of(FiguresQuery.Part.CUSTOMERS)));
        assertThat(customersOnly.customers()).isEqualTo(2);
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

        TransactionFigures f = figures(0, 60, List.of());

        assertThat(f.transactions()).isEqualTo(2_100);
        assertThat(f.paid()).isEqualTo(1_400);
        assertThat(f.customers()).isEqualTo(1_500);
        assertThat(f.failures())
                .singleElement()
                .satisfies(x -> assertThat(x.count()).isEqualTo(700));
    }
}
