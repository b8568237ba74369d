package dev.vedette.jdbc;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.when;

import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Dimension;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.TransactionFigures;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Answers a {@link FiguresQuery} in the database, in one read-only snapshot: transactions and paid
 * counts from the rollups (as {@link Aggregator} answers them); only when the query asks for
 * customers or recordable steps, one aggregate statement over the range's rows ({@code
 * count(DISTINCT lower(customer_email))}, one filtered count per step); only when it asks for
 * failures, one grouped statement over the range's FAILED-kind rows and one {@code LIMIT 1}
 * statement per error code for its newest message. No transaction row is read into the JVM.
 */
final class FiguresReader extends SqlTable {
    /** The step names a transaction can record ({@code Transaction.Builder#step}). */
    private static final Pattern RECORDABLE_STEP = Pattern.compile("[a-z0-9_.\\-]+");

    private static final char ESCAPE = '!';

    private final Dialect dialect;

    FiguresReader(Sql sql) {
        super(sql);
        this.dialect = sql.dialect();
    }

    TransactionFigures figures(FiguresQuery q) {
        Schema.Tx t = s.tx;
        Condition inRange =
                t.eventCount.gt(0).and(t.createdAt.ge(Times.bound(q.from()))).and(t.createdAt.lt(Times.bound(q.to())));
        Condition paid = q.paidKinds().isEmpty()
                ? DSL.falseCondition()
                : t.statusKind.in(
                        q.paidKinds().stream().map(TransactionStatus.Kind::name).toList());
        Field<String> email = lower(t.customerEmail);
        boolean customers = q.includes(FiguresQuery.Part.CUSTOMERS);
        List<Field<?>> select = new ArrayList<>();
        select.add(customers ? countDistinct(email) : inline(0));
        select.add(customers ? countDistinct(when(paid, email)) : inline(0));
        List<String> counted = new ArrayList<>();
        for (String step : q.steps()) {
            // steps are stored as a sorted JSON array of strings; recordable names need no JSON escaping
            if (RECORDABLE_STEP.matcher(step).matches()) {
                counted.add(step);
                select.add(count().filterWhere(t.steps.like(stepPattern(step), ESCAPE)));
            }
        }
        Condition failed = inRange.and(t.statusKind.eq(TransactionStatus.Kind.FAILED.name()));
        AggregateQuery byStatus =
                new AggregateQuery(q.from(), q.to(), null, ZoneOffset.UTC, Set.of(Dimension.STATUS)).withoutLatency();
        return sql.snapshot("transaction figures", ctx -> {
            // counts and paid counts from the rollups, in the same snapshot as the raw statements
            long transactions = 0;
            long paidCount = 0;
            for (AggregateRow row : new Aggregator(ctx, s, byStatus).run()) {
                transactions += row.count();
                TransactionStatus status = row.status();
                if (status != null && q.paidKinds().contains(status.kind())) {
                    paidCount += row.count();
                }
            }
            long customerCount = 0;
            long payingCount = 0;
            Map<String, Long> steps = new LinkedHashMap<>();
            q.steps().forEach(n -> steps.put(n, 0L));
            if (customers || !counted.isEmpty()) {
                Record r = ctx.select(select).from(t.table).where(inRange).fetchOne();
                if (r == null) {
                    throw new IllegalStateException("an aggregate without GROUP BY returned no row");
                }
                customerCount = number(r.get(0));
                payingCount = number(r.get(1));
                for (int i = 0; i < counted.size(); i++) {
                    steps.put(counted.get(i), number(r.get(2 + i)));
                }
            }
            List<TransactionFigures.FailureCount> failures = new ArrayList<>();
            if (q.includes(FiguresQuery.Part.FAILURES)) {
                for (Record f : ctx.select(t.errorCode, count())
                        .from(t.table)
                        .where(failed)
                        .groupBy(t.errorCode)
                        .fetch()) {
                    String code = f.get(t.errorCode);
                    failures.add(new TransactionFigures.FailureCount(
                            code, number(f.get(1)), newestMessage(ctx, failed, code)));
                }
            }
            return new TransactionFigures(transactions, paidCount, customerCount, payingCount, steps, failures);
        });
    }

    private @Nullable String newestMessage(DSLContext ctx, Condition failed, @Nullable String code) {
        Schema.Tx t = s.tx;
        return ctx.select(t.errorMessage)
                .from(t.table)
                .where(failed)
                .and(code == null ? t.errorCode.isNull() : t.errorCode.eq(code))
                .and(t.errorMessage.isNotNull())
                .orderBy(t.createdAt.desc(), dialect.codePointKey(t.id).desc())
                .limit(1)
                .fetchOne(t.errorMessage);
    }

    /** {@code %"name"%}, with LIKE's wildcards in the name escaped. */
    private static String stepPattern(String step) {
        StringBuilder b = new StringBuilder("%\"");
        for (char c : step.toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                b.append(ESCAPE);
            }
            b.append(c);
        }
        return b.append("\"%").toString();
    }

    private static long number(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }
}
