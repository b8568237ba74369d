package dev.vedette.jdbc;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.when;

import dev.vedette.model.TransactionStatus;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.TransactionFigures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Answers a {@link FiguresQuery} in the database: one aggregate statement for the counts, distinct
 * customers ({@code count(DISTINCT lower(customer_email))}) and funnel steps, one grouped statement
 * for failures by error code, and one {@code LIMIT 1} statement per error code for its newest
 * message. No transaction row is read into the JVM, so the cost does not grow with pages of rows.
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
        List<Field<?>> select = new ArrayList<>();
        select.add(count());
        select.add(count().filterWhere(paid));
        boolean customers = q.includes(FiguresQuery.Part.CUSTOMERS);
        select.add(customers ? countDistinct(email) : inline(0));
        select.add(customers ? countDistinct(when(paid, email)) : inline(0));
        for (String step : q.steps()) {
            // steps are stored as a sorted JSON array of strings; recordable names need no JSON escaping
            select.add(
                    RECORDABLE_STEP.matcher(step).matches()
                            ? count().filterWhere(t.steps.like(stepPattern(step), ESCAPE))
                            : inline(0));
        }
        Condition failed = inRange.and(t.statusKind.eq(TransactionStatus.Kind.FAILED.name()));
        return sql.snapshot("transaction figures", ctx -> {
            Record r = ctx.select(select).from(t.table).where(inRange).fetchOne();
            if (r == null) {
                throw new IllegalStateException("an aggregate without GROUP BY returned no row");
            }
            Map<String, Long> steps = new LinkedHashMap<>();
            for (int i = 0; i < q.steps().size(); i++) {
                steps.put(q.steps().get(i), number(r.get(4 + i)));
            }
            List<TransactionFigures.FailureCount> failures = new ArrayList<>();
            if (!q.includes(FiguresQuery.Part.FAILURES)) {
                return new TransactionFigures(
                        number(r.get(0)), number(r.get(1)), number(r.get(2)), number(r.get(3)), steps, failures);
            }
            for (Record f : ctx.select(t.errorCode, count())
                    .from(t.table)
                    .where(failed)
                    .groupBy(t.errorCode)
                    .fetch()) {
                String code = f.get(t.errorCode);
                failures.add(
                        new TransactionFigures.FailureCount(code, number(f.get(1)), newestMessage(ctx, failed, code)));
            }
            return new TransactionFigures(
                    number(r.get(0)), number(r.get(1)), number(r.get(2)), number(r.get(3)), steps, failures);
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
