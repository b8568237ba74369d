package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The figure rollups answer as the raw rows do: a seeded stream of stepwise, out-of-order and
 * retried records over three UTC days goes into a {@link JdbcStore} on H2 and into the {@link
 * InMemoryStore} (whose figures are a tally of the raw rows), in batches of random sizes; over random
 * ranges (aligned to days and hours, and not) the transaction, paid, step and failure figures must be
 * equal, and the customer estimate must lie within four standard errors of the exact count over the
 * UTC days it names.
 */
class FigureRollupsPropertyTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final long SPAN_SECONDS = 3 * 86_400;
    private static final List<String> STEPS = List.of("cart", "address", "paid", "email_sent");
    private static final List<TransactionStatus> STATUSES = List.of(
            TransactionStatus.PENDING,
            TransactionStatus.COMPLETED,
            TransactionStatus.FAILED,
            TransactionStatus.ERROR,
            TransactionStatus.REFUNDED);
    private static TestDatabase db;

    @BeforeContainer
    static void createDatabase() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
    }

    @AfterContainer
    static void dropDatabase() {
        db.close();
    }

    @Property(tries = 15)
    void rollupFiguresEqualTheRawRowFigures(@ForAll long seed) {
        Random random = new Random(seed);
        try (JdbcStore jdbc = JdbcStore.builder().dataSource(db.dataSource()).build();
                InMemoryStore memory = new InMemoryStore()) {
            db.clear(JdbcStore.DEFAULT_TABLE_PREFIX);
            List<Transaction> stream = stream(random);
            for (int i = 0; i < stream.size(); ) {
                int n = 1 + random.nextInt(40);
                List<Transaction> batch = stream.subList(i, Math.min(stream.size(), i + n));
                jdbc.write(WriteBatch.ofTransactions(batch));
                memory.write(WriteBatch.ofTransactions(batch));
                i += n;
            }
            for (int q = 0; q < 12; q++) {
                Instant from = point(random);
                Instant to = point(random);
                if (!from.isBefore(to)) {
                    Instant x = from;
                    from = to.minusSeconds(1);
                    to = x.plusSeconds(1);
                }
                Set<TransactionStatus.Kind> paid = random.nextBoolean()
                        ? EnumSet.of(TransactionStatus.Kind.SUCCEEDED, TransactionStatus.Kind.REVERSED)
                        : EnumSet.of(TransactionStatus.Kind.SUCCEEDED);
                FiguresQuery query = new FiguresQuery(from, to, paid, STEPS);
                TransactionFigures raw = memory.transactionFigures(query);
                TransactionFigures rolled = jdbc.transactionFigures(query);

                assertThat(rolled.transactions()).as("transactions %s", query).isEqualTo(raw.transactions());
                assertThat(rolled.paid()).as("paid %s", query).isEqualTo(raw.paid());
                assertThat(rolled.steps()).as("steps %s", query).isEqualTo(raw.steps());
                assertThat(sorted(rolled.failures())).as("failures %s", query).isEqualTo(sorted(raw.failures()));

                TransactionFigures.CustomerEstimate e = rolled.customerEstimate();
                assertThat(e).isNotNull();
                TransactionFigures overDays =
                        memory.transactionFigures(new FiguresQuery(e.from(), e.to(), paid, List.of()));
                // an out-of-order record can move a transaction's created time (up to 2 h here) into the
                // day before: the sketch of its first day keeps the customer, so the estimate lies
                // between the exact count over the days and the exact count with a day more each side
                TransactionFigures widened = memory.transactionFigures(
                        new FiguresQuery(e.from().minusSeconds(86_400), e.to().plusSeconds(86_400), paid, List.of()));
                double err = 4 * e.relativeStandardError();
                assertThat((double) rolled.customers())
                        .as("customers %s", query)
                        .isGreaterThanOrEqualTo(overDays.customers() * (1 - err) - 0.5)
                        .isLessThanOrEqualTo(widened.customers() * (1 + err) + 0.5);
                // the sketches keep a customer whose paid transaction was refunded later: at least the
                // paying customers of now, at most those plus the ones that paid and were refunded
                assertThat((double) rolled.payingCustomers())
                        .as("paying customers %s", query)
                        .isGreaterThanOrEqualTo(overDays.payingCustomers() * (1 - err) - 0.5)
                        .isLessThanOrEqualTo(rolled.customers());
            }
        }
    }

    private static List<TransactionFigures.FailureCount> sorted(List<TransactionFigures.FailureCount> list) {
        return list.stream()
                .sorted(Comparator.comparing(
                        TransactionFigures.FailureCount::errorCode, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    private static Instant point(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> START.plusSeconds(86_400L * random.nextInt(4)); // a UTC midnight
            case 1 -> START.plusSeconds(3_600L * random.nextInt(73)); // a whole hour
            default -> START.plusSeconds(random.nextLong(SPAN_SECONDS)).plusNanos(random.nextInt(1_000_000_000));
        };
    }

    /** Transactions recorded in one to four observations each, shuffled, some retried. */
    private static List<Transaction> stream(Random random) {
        List<Transaction> out = new ArrayList<>();
        int n = 50 + random.nextInt(250);
        for (int i = 0; i < n; i++) {
            String id = "p" + i;
            // a payment's customer does not change, but hosts send the address in any case
            String email = random.nextInt(4) == 0 ? null : "Customer" + random.nextInt(120) + "@example.com";
            long created = random.nextLong(SPAN_SECONDS);
            int observations = 1 + random.nextInt(4);
            for (int o = 0; o < observations; o++) {
                Transaction.Builder b = Transaction.builder(id)
                        .occurredAt(START.plusSeconds(created + random.nextInt(7_200) * (o == 0 ? 0 : 1)));
                if (random.nextInt(4) != 0) {
                    b.status(STATUSES.get(random.nextInt(STATUSES.size())));
                }
                if (random.nextInt(3) == 0) {
                    b.error(
                            random.nextInt(5) == 0 ? null : "CODE_" + random.nextInt(4),
                            random.nextBoolean() ? null : "message " + random.nextInt(100));
                }
                if (random.nextInt(3) == 0) {
                    b.step(STEPS.get(random.nextInt(STEPS.size())));
                }
                if (email != null && random.nextInt(2) == 0) {
                    b.customer(random.nextBoolean() ? email : email.toUpperCase(java.util.Locale.ROOT), null);
                }
                Transaction t = b.build();
                out.add(t);
                if (random.nextInt(10) == 0) {
                    out.add(t); // retried
                }
            }
        }
        // out of order: shuffle the observations of different transactions and of one transaction
        java.util.Collections.shuffle(out, random);
        return out;
    }
}
