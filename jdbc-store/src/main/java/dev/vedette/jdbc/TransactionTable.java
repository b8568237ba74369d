package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.chunks;
import static dev.vedette.jdbc.Sql.containsIgnoreCase;
import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.p;
import static dev.vedette.jdbc.Sql.page;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.val;

import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Cursor;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionMerge;
import dev.vedette.store.TransactionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The transactions table and its timeline events: the merged upsert of a batch's observations, which
 * also moves the rollups, and the reads by id and by keyset search.
 */
final class TransactionTable extends SqlTable {
    private final Dialect dialect;
    private final TransactionRows txRows;
    private final RollupTable rollupTable;

    TransactionTable(Sql sql, TransactionRows txRows, RollupTable rollupTable) {
        super(sql);
        this.dialect = sql.dialect();
        this.txRows = txRows;
        this.rollupTable = rollupTable;
    }

    /** Upserts the observations; returns what each did, in their order (the merge applied here, in Java). */
    List<TransactionChange> write(DSLContext ctx, List<Transaction> observations, Instant recordedAt) {
        if (observations.isEmpty()) {
            return List.of();
        }
        Schema.Tx t = s.tx;
        TreeMap<String, List<Integer>> byId = new TreeMap<>();
        for (int i = 0; i < observations.size(); i++) {
            Transaction o = observations.get(i);
            if (o.occurredAt() == null) {
                throw new IllegalArgumentException("observation must be stamped with occurredAt: " + o);
            }
            byId.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(i);
        }
        TransactionChange[] changes = new TransactionChange[observations.size()];
        // Lock the rows that exist; ids not found are new and are inserted with their final values in
        // one batch. If another writer inserts one of those ids between the lock and the insert, the
        // insert fails on the primary key and the whole batch is retried, finding the row then.
        Map<String, @Nullable StoredTransaction> current = lockTransactions(ctx, byId.keySet());

        RollupDelta rollups = new RollupDelta();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byId.entrySet()) {
            StoredTransaction before = current.get(e.getKey());
            StoredTransaction state = before;
            for (int i : e.getValue()) {
                Transaction o = observations.get(i);
                StoredTransaction previous = state;
                state = TransactionMerge.apply(previous, o, recordedAt);
                changes[i] = new TransactionChange(o, previous, state);
                events.add(TransactionRows.eventRow(state.eventCount(), o, recordedAt));
            }
            if (state == null) {
                continue;
            }
            // a row the lock found is updated even if it read as null (event_count 0, an empty row)
            (current.containsKey(e.getKey()) ? updates : inserts).add(TransactionRows.row(state));
            rollups.move(
                    before == null ? null : RollupDelta.Contribution.of(before), RollupDelta.Contribution.of(state));
        }

        List<Field<?>> txCols = txRows.fields();
        executeBatch(ctx, ctx.insertInto(t.table).columns(txCols).values(params(txCols)), inserts);

        Map<Field<?>, Field<?>> assignments = new LinkedHashMap<>();
        for (Field<?> f : txCols.subList(0, txCols.size() - 1)) {
            assignments.put(f, p(f));
        }
        Query update = ctx.update(t.table).set(assignments).where(t.id.eq(p(t.id)));
        executeBatch(ctx, update, updates);

        Schema.Events ev = s.events;
        List<Field<?>> evCols = txRows.eventFields();
        Query insertEvent = ctx.insertInto(ev.table).columns(evCols).values(params(evCols));
        executeBatch(ctx, insertEvent, events);

        rollupTable.apply(ctx, rollups);
        return List.of(changes);
    }

    private Map<String, @Nullable StoredTransaction> lockTransactions(DSLContext ctx, Collection<String> ids) {
        Map<String, @Nullable StoredTransaction> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            // On PostgreSQL one array parameter (= ANY(?)) rather than an IN list of 500: once pgjdbc
            // prepares the statement on the server, the generic plan for the IN list can be a
            // sequential scan while table statistics are missing (measured: 381 ms vs 6 ms a batch).
            Condition inChunk =
                    dialect == Dialect.POSTGRES ? s.tx.id.eq(DSL.any(chunk.toArray(String[]::new))) : s.tx.id.in(chunk);
            for (Record r : ctx.select(txRows.fields())
                    .from(s.tx.table)
                    .where(inChunk)
                    .orderBy(s.tx.id)
                    .forUpdate()
                    .fetch()) {
                out.put(r.get(s.tx.id), r.get(s.tx.eventCount) == 0 ? null : txRows.toTransaction(r));
            }
        }
        return out;
    }

    Optional<StoredTransaction> transaction(String id) {
        return sql.read("read transaction", ctx -> {
            Record r = ctx.select(txRows.fields())
                    .from(s.tx.table)
                    .where(s.tx.id.eq(id))
                    .fetchOne();
            if (r == null || r.get(s.tx.eventCount) == 0) {
                return Optional.empty();
            }
            List<TransactionEvent> timeline = new ArrayList<>();
            for (Record e : ctx.select(s.events.fields())
                    .from(s.events.table)
                    .where(s.events.transactionId.eq(id))
                    // events of a batch committed after the row was read are left out, so the
                    // timeline always matches eventCount
                    .and(s.events.seq.le(r.get(s.tx.eventCount)))
                    .orderBy(s.events.occurredAt, s.events.seq)
                    .fetch()) {
                timeline.add(txRows.toEvent(e));
            }
            return Optional.of(txRows.toTransaction(r).withTimeline(timeline));
        });
    }

    Page<StoredTransaction> searchTransactions(TransactionQuery q) {
        Schema.Tx t = s.tx;
        Condition c = t.eventCount.gt(0);
        if (!q.statuses().isEmpty()) {
            c = c.and(t.statusCode.in(
                    q.statuses().stream().map(TransactionStatus::code).toList()));
        }
        if (q.customerEmail() != null) {
            // the form each database's index on the lower-cased address serves (V4)
            Field<String> email = dialect == Dialect.POSTGRES ? lower(t.customerEmail) : t.customerEmailLower;
            c = c.and(email.eq(lower(val(q.customerEmail()))));
        }
        if (q.provider() != null) {
            c = c.and(t.provider.eq(q.provider()));
        }
        if (q.providerId() != null) {
            c = c.and(t.providerOrderId.eq(q.providerId()).or(t.providerPaymentId.eq(q.providerId())));
        }
        if (q.paymentMethod() != null) {
            c = c.and(t.paymentMethod.eq(q.paymentMethod()));
        }
        if (q.currency() != null) {
            c = c.and(t.currency.eq(q.currency().getCurrencyCode()));
        }
        if (q.minAmount() != null) {
            c = c.and(t.amount.ge(AmountBounds.lower(q.minAmount())));
        }
        if (q.maxAmount() != null) {
            c = c.and(t.amount.le(AmountBounds.upper(q.maxAmount())));
        }
        if (q.from() != null) {
            c = c.and(t.createdAt.ge(Times.bound(q.from())));
        }
        if (q.to() != null) {
            c = c.and(t.createdAt.lt(Times.bound(q.to())));
        }
        if (q.text() != null) {
            c = c.and(containsIgnoreCase(t.errorCode, q.text()).or(containsIgnoreCase(t.errorMessage, q.text())));
        }
        Cursor after = q.afterCursor();
        if (after != null) {
            c = c.and(Sql.beyondKey(
                    after, t.createdAt, dialect.codePointKey(t.id), dialect.codePointKey(val(after.key()))));
        }
        Condition where = c;
        List<StoredTransaction> rows = sql.readPlannedPerCall("search transactions", ctx -> {
            List<StoredTransaction> found = ctx.select(txRows.fields())
                    .from(t.table)
                    .where(where)
                    .orderBy(t.createdAt.desc(), t.id.desc())
                    .limit(q.limit() + 1)
                    .fetch(txRows::toTransaction);
            return dialect.keysInCodePointOrder() ? found : inCodePointOrder(ctx, where, found, q.limit());
        });
        return page(rows, q.limit(), x -> new Cursor(x.createdAt(), x.id()));
    }

    /**
     * Re-orders a page read from a database that sorts ids by UTF-16 unit (H2) into code-point order.
     * Ordering by a converted id would cost the index, so the page is read in the index's order and
     * only the rows that tie on the last row's {@code createdAt}, where the two orders may pick
     * different rows, are read whole and sorted here.
     */
    private List<StoredTransaction> inCodePointOrder(
            DSLContext ctx, Condition where, List<StoredTransaction> found, int limit) {
        List<StoredTransaction> rows = new ArrayList<>(found);
        if (found.size() > limit) {
            Instant boundary = found.get(found.size() - 1).createdAt();
            rows.removeIf(x -> x.createdAt().equals(boundary));
            rows.addAll(ctx.select(txRows.fields())
                    .from(s.tx.table)
                    .where(where)
                    .and(s.tx.createdAt.eq(Times.bound(boundary)))
                    .fetch(txRows::toTransaction));
        }
        rows.sort(Comparator.comparing(StoredTransaction::createdAt)
                .thenComparing(StoredTransaction::id, Cursor.KEY_ORDER)
                .reversed());
        return rows.size() > limit + 1 ? new ArrayList<>(rows.subList(0, limit + 1)) : rows;
    }
}
