package dev.vedette.jdbc;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertMerge;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Cursor;
import dev.vedette.store.Erasure;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.TransactionMerge;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Store} on a relational database: H2, PostgreSQL, MySQL or MariaDB.
 *
 * <p>SQL is rendered with jOOQ's runtime DSL for the dialect read from the connection's metadata; the
 * schema is created and upgraded by Flyway with its own history table ({@code <prefix>schema_history})
 * unless {@link Builder#migrate(boolean) migrate(false)} is set, in which case the schema is validated
 * at {@link Builder#build()}. Every {@link #write(WriteBatch)} is one database transaction with JDBC
 * batching, rollups included.
 *
 * <pre>{@code
 * Store store = JdbcStore.builder()
 *     .dataSource(hostPool)          // or .jdbcUrl(url).username(u).password(p) for a pool of its own
 *     .tablePrefix("vedette_")
 *     .build();
 * }</pre>
 *
 * <p>All operations are safe to run from several {@code JdbcStore} instances (several application
 * instances) on one database: transaction upserts lock the transaction row, alerts are deduplicated by
 * a unique active key, deliveries are claimed with conditional updates, and {@link #tryLock} is a lease
 * row with an expiry.
 */
public final class JdbcStore implements Store {
    /** The default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "vedette_";
    /** The default maximum size of a pool the store builds itself. */
    public static final int DEFAULT_POOL_SIZE = 5;

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,20}");
    private static final int MAX_ATTEMPTS = 4;
    private static final int IN_CHUNK = 500;
    private static final char ESCAPE = '!';

    static {
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownedPool;
    private final Dialect dialect;

    /** The system property that sets the level of jOOQ's database-version notice. */
    static final String JOOQ_VERSION_NOTICE = "org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport";

    private final Settings settings;
    private final Schema s;
    /** PostgreSQL {@code work_mem} for the transaction of one aggregate read (a constant, never user input). */
    private static final String AGGREGATE_WORK_MEM = "32MB";

    private final Clock clock;
    private final String prefix;
    private final AtomicLong order = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong retries = new AtomicLong();

    private JdbcStore(Builder b, DataSource dataSource, @Nullable HikariDataSource ownedPool, Dialect dialect) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.dialect = dialect;
        this.prefix = b.tablePrefix;
        this.clock = b.clock;
        this.s = new Schema(prefix);
        this.settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withRenderNameCase(RenderNameCase.AS_IS)
                .withExecuteLogging(false)
                .withRenderSchema(false);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The database this store detected. */
    public String databaseType() {
        return dialect.name();
    }

    /** The table prefix in use. */
    public String tablePrefix() {
        return prefix;
    }

    // ------------------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(DSLContext ctx, Connection connection) throws SQLException;
    }

    /** Runs work in one READ COMMITTED database transaction, retrying deadlocks and write races. */
    private <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                int isolation = c.getTransactionIsolation();
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(false);
                try {
                    T result = work.run(DSL.using(c, dialect.sql, settings), c);
                    c.commit();
                    return result;
                } catch (Throwable e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollbackFailure) {
                        e.addSuppressed(rollbackFailure);
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(autoCommit);
                    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                        c.setTransactionIsolation(isolation);
                    }
                }
            } catch (SQLException | DataAccessException e) {
                if (attempt < MAX_ATTEMPTS && retryable(e)) {
                    retries.incrementAndGet();
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    private <T> T read(String what, java.util.function.Function<DSLContext, T> query) {
        try {
            return query.apply(DSL.using(dataSource, dialect.sql, settings));
        } catch (DataAccessException e) {
            throw failure(what, e);
        }
    }

    private static @Nullable SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static boolean retryable(Exception e) {
        SQLException sql = sqlException(e);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        return state.startsWith("40") // serialization failure, deadlock
                || state.equals("23505") // unique violation: a concurrent writer won a race, re-read
                || code == 1062 // MySQL/MariaDB duplicate key
                || code == 1213 // MySQL/MariaDB deadlock
                || code == 1205 // MySQL/MariaDB lock wait timeout
                || state.equals("90131") // H2 concurrent update
                || state.equals("HYT00"); // H2 lock timeout
    }

    private static StoreException failure(String what, Exception e) {
        SQLException sql = sqlException(e);
        String state = sql == null || sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")";
        return new StoreException(what + " failed" + state, e);
    }

    private static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
    }

    private static <T> Param<T> p(Field<T> f) {
        return val(null, f);
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }

    /** A LIKE pattern matching {@code text} literally as a substring, lower-cased, escaped with {@code !}. */
    static String containsPattern(String text) {
        StringBuilder b = new StringBuilder("%");
        for (char c : text.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                b.append(ESCAPE);
            }
            b.append(c);
        }
        return b.append('%').toString();
    }

    private static Condition containsIgnoreCase(Field<String> f, String text) {
        return lower(f).like(val(containsPattern(text)), ESCAPE);
    }

    private long nextOrder() {
        long now = clock.millis() * 1000;
        return order.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    // ------------------------------------------------------------------------------ writes

    @Override
    public WriteResult write(WriteBatch batch) {
        if (batch.isEmpty()) {
            return WriteResult.EMPTY;
        }
        return inTransaction("write", (ctx, c) -> {
            Instant recordedAt = clock.instant();
            List<TransactionChange> merged = batch.transactions().isEmpty()
                    ? List.of()
                    : writeTransactions(ctx, batch.transactions(), recordedAt);
            if (!batch.healthReports().isEmpty()) {
                writeHealth(ctx, batch.healthReports());
            }
            if (!batch.logs().isEmpty()) {
                writeLogs(ctx, batch.logs());
            }
            List<ErrorGroupChange> changes = batch.errors().isEmpty() ? List.of() : writeErrors(ctx, batch.errors());
            return changes.isEmpty() && merged.isEmpty() ? WriteResult.EMPTY : new WriteResult(changes, merged);
        });
    }

    /** Upserts the observations; returns what each did, in their order (the merge applied here, in Java). */
    private List<TransactionChange> writeTransactions(
            DSLContext ctx, List<Transaction> observations, Instant recordedAt) {
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
                events.add(eventRow(state.eventCount(), o, recordedAt));
            }
            if (state == null) {
                continue;
            }
            // a row the lock found is updated even if it read as null (event_count 0, an empty row)
            (current.containsKey(e.getKey()) ? updates : inserts).add(txRow(state));
            rollups.move(
                    before == null ? null : RollupDelta.Contribution.of(before), RollupDelta.Contribution.of(state));
        }

        List<Field<?>> txCols = txFields();
        executeBatch(ctx, ctx.insertInto(t.table).columns(txCols).values(params(txCols)), inserts);

        Map<Field<?>, Field<?>> assignments = new java.util.LinkedHashMap<>();
        for (Field<?> f : txCols.subList(0, txCols.size() - 1)) {
            assignments.put(f, p(f));
        }
        Query update = ctx.update(t.table).set(assignments).where(t.id.eq(p(t.id)));
        executeBatch(ctx, update, updates);

        Schema.Events ev = s.events;
        List<Field<?>> evCols = List.of(
                ev.transactionId,
                ev.seq,
                ev.occurredAt,
                ev.recordedAt,
                ev.statusCode,
                ev.statusKind,
                ev.amount,
                ev.currency,
                ev.customerEmail,
                ev.customerName,
                ev.provider,
                ev.providerOrderId,
                ev.providerPaymentId,
                ev.paymentMethod,
                ev.errorCode,
                ev.errorMessage,
                ev.attempt,
                ev.latencyNanos,
                ev.metadata,
                ev.step);
        Query insertEvent = ctx.insertInto(ev.table).columns(evCols).values(params(evCols));
        executeBatch(ctx, insertEvent, events);

        applyRollups(ctx, rollups);
        return List.of(changes);
    }

    private static List<Param<?>> params(List<Field<?>> cols) {
        List<Param<?>> out = new ArrayList<>(cols.size());
        for (Field<?> f : cols) {
            out.add(p(f));
        }
        return out;
    }

    /**
     * Runs {@code template} once per row as one JDBC batch. jOOQ renders the statement for the dialect
     * once; the rows' values are bound as JDBC parameters (never into the SQL text), directly on the
     * {@code PreparedStatement}: jOOQ's per-value binding was measured at 40 % of a batch's time.
     */
    private static void executeBatch(DSLContext ctx, Query template, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String sql = ctx.render(template);
        List<Param<?>> params = template.getParams().values().stream()
                .filter(x -> !x.isInline())
                .toList();
        int[] sqlTypes = new int[params.size()];
        for (int i = 0; i < sqlTypes.length; i++) {
            sqlTypes[i] = params.get(i).getDataType().getSQLType();
        }
        ctx.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    if (row.length != sqlTypes.length) {
                        throw new IllegalStateException(
                                "batch row has " + row.length + " values for " + sqlTypes.length + " parameters");
                    }
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] == null) {
                            ps.setNull(i + 1, sqlTypes[i]);
                        } else {
                            ps.setObject(i + 1, row[i]);
                        }
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    private Map<String, @Nullable StoredTransaction> lockTransactions(DSLContext ctx, Collection<String> ids) {
        Map<String, @Nullable StoredTransaction> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            // On PostgreSQL one array parameter (= ANY(?)) rather than an IN list of 500: once pgjdbc
            // prepares the statement on the server, the generic plan for the IN list can be a
            // sequential scan while table statistics are missing (measured: 381 ms vs 6 ms a batch).
            org.jooq.Condition inChunk =
                    dialect == Dialect.POSTGRES ? s.tx.id.eq(DSL.any(chunk.toArray(String[]::new))) : s.tx.id.in(chunk);
            for (Record r : ctx.select(txFields())
                    .from(s.tx.table)
                    .where(inChunk)
                    .orderBy(s.tx.id)
                    .forUpdate()
                    .fetch()) {
                out.put(r.get(s.tx.id), r.get(s.tx.eventCount) == 0 ? null : toTransaction(r));
            }
        }
        return out;
    }

    /**
     * Every stored column of a transaction row, {@code id} last: the order of {@link #txRow}'s values,
     * of the insert's columns and of the update's parameters ({@code SET …} then {@code WHERE id}).
     */
    private List<Field<?>> txFields() {
        Schema.Tx t = s.tx;
        return List.of(
                t.statusCode,
                t.statusKind,
                t.statusAt,
                t.amount,
                t.currency,
                t.customerEmail,
                t.customerName,
                t.provider,
                t.providerOrderId,
                t.providerPaymentId,
                t.paymentMethod,
                t.errorCode,
                t.errorMessage,
                t.attempt,
                t.latencyNanos,
                t.latencyMs,
                t.metadata,
                t.steps,
                t.createdAt,
                t.lastEventAt,
                t.completedAt,
                t.updatedAt,
                t.eventCount,
                t.id);
    }

    /** The stored columns of a transaction, in the order of the insert columns and the update's parameters. */
    private static Object[] txRow(StoredTransaction t) {
        Money m = t.money();
        return new Object[] {
            t.status().code(),
            t.status().kind().name(),
            Times.nanos(t.statusAt()),
            m == null ? null : m.amount(),
            m == null ? null : m.currency().getCurrencyCode(),
            t.customerEmail(),
            t.customerName(),
            t.provider(),
            t.providerOrderId(),
            t.providerPaymentId(),
            t.paymentMethod(),
            t.errorCode(),
            t.errorMessage(),
            t.attempt(),
            Times.durationNanos(t.latency()),
            t.latency() == null ? null : t.latency().toMillis(),
            JsonCodec.writeMap(t.metadata()),
            JsonCodec.writeSteps(t.steps()),
            Times.nanos(t.createdAt()),
            Times.nanos(t.lastEventAt()),
            Times.nanosOrNull(t.completedAt()),
            Times.nanos(t.updatedAt()),
            t.eventCount(),
            t.id()
        };
    }

    private static Object[] eventRow(int seq, Transaction o, Instant recordedAt) {
        Money m = o.money();
        TransactionStatus st = o.status();
        return new Object[] {
            o.id(),
            seq,
            Times.nanos(java.util.Objects.requireNonNull(o.occurredAt())),
            Times.nanos(recordedAt),
            st == null ? null : st.code(),
            st == null ? null : st.kind().name(),
            m == null ? null : m.amount(),
            m == null ? null : m.currency().getCurrencyCode(),
            o.customerEmail(),
            o.customerName(),
            o.provider(),
            o.providerOrderId(),
            o.providerPaymentId(),
            o.paymentMethod(),
            o.errorCode(),
            o.errorMessage(),
            o.attempt(),
            Times.durationNanos(o.latency()),
            JsonCodec.writeMap(o.metadata()),
            o.step()
        };
    }

    private static @Nullable Money money(@Nullable BigDecimal amount, @Nullable String currency) {
        if (amount == null || currency == null) {
            return null;
        }
        Currency c = Currency.getInstance(currency);
        return new Money(amount.setScale(c.getDefaultFractionDigits(), java.math.RoundingMode.UNNECESSARY), c);
    }

    private StoredTransaction toTransaction(Record r) {
        Schema.Tx t = s.tx;
        return new StoredTransaction(
                r.get(t.id),
                TransactionStatus.of(r.get(t.statusCode), TransactionStatus.Kind.valueOf(r.get(t.statusKind))),
                Times.instant(r.get(t.statusAt)),
                money(r.get(t.amount), r.get(t.currency)),
                r.get(t.customerEmail),
                r.get(t.customerName),
                r.get(t.provider),
                r.get(t.providerOrderId),
                r.get(t.providerPaymentId),
                r.get(t.paymentMethod),
                r.get(t.errorCode),
                r.get(t.errorMessage),
                r.get(t.attempt),
                Times.duration(r.get(t.latencyNanos)),
                JsonCodec.readMap(r.get(t.metadata)),
                JsonCodec.readSteps(r.get(t.steps)),
                Times.instant(r.get(t.createdAt)),
                Times.instant(r.get(t.lastEventAt)),
                Times.instantOrNull(r.get(t.completedAt)),
                Times.instant(r.get(t.updatedAt)),
                r.get(t.eventCount),
                List.of());
    }

    private TransactionEvent toEvent(Record r) {
        Schema.Events e = s.events;
        Transaction.Builder b = Transaction.builder(r.get(e.transactionId));
        String code = r.get(e.statusCode);
        if (code != null) {
            b.status(TransactionStatus.of(code, TransactionStatus.Kind.valueOf(r.get(e.statusKind))));
        }
        Money m = money(r.get(e.amount), r.get(e.currency));
        if (m != null) {
            b.amount(m);
        }
        if (r.get(e.customerEmail) != null || r.get(e.customerName) != null) {
            b.customer(r.get(e.customerEmail), r.get(e.customerName));
        }
        if (r.get(e.provider) != null) {
            b.provider(r.get(e.provider), r.get(e.providerOrderId), r.get(e.providerPaymentId));
        }
        if (r.get(e.paymentMethod) != null) {
            b.paymentMethod(r.get(e.paymentMethod));
        }
        if (r.get(e.errorCode) != null || r.get(e.errorMessage) != null) {
            b.error(r.get(e.errorCode), r.get(e.errorMessage));
        }
        int attempt = r.get(e.attempt);
        if (attempt > 0) {
            b.attempt(attempt);
        }
        Duration latency = Times.duration(r.get(e.latencyNanos));
        if (latency != null) {
            b.latency(latency);
        }
        b.metadata(JsonCodec.readMap(r.get(e.metadata)));
        if (r.get(e.step) != null) {
            b.step(r.get(e.step));
        }
        b.occurredAt(Times.instant(r.get(e.occurredAt)));
        return new TransactionEvent(r.get(e.seq), b.build(), Times.instant(r.get(e.recordedAt)));
    }

    // ------------------------------------------------------------------------------ rollups

    private void applyRollups(DSLContext ctx, RollupDelta delta) {
        if (delta.isEmpty()) {
            return;
        }
        Schema.Rollups r = s.rollups;
        List<Field<?>> cols = new ArrayList<>(List.of(
                r.granularity,
                r.bucketStart,
                r.currency,
                r.statusCode,
                r.statusKind,
                r.provider,
                r.paymentMethod,
                r.cnt,
                r.amount));
        cols.addAll(r.hist);
        cols.add(r.maxMs);
        var upsert = ctx.insertInto(r.table)
                .columns(cols)
                .values(params(cols))
                .onConflict(r.granularity, r.bucketStart, r.currency, r.statusCode, r.provider, r.paymentMethod)
                .doUpdate()
                // the conflict clause names no parameters, so drivers can send the batch as one
                // multi-row statement (reWriteBatchedInserts, rewriteBatchedStatements)
                .set(r.cnt, r.cnt.plus(excluded(r.cnt)))
                .set(r.amount, r.amount.plus(excluded(r.amount)));
        for (Field<Long> h : r.hist) {
            upsert = upsert.set(h, h.plus(excluded(h)));
        }
        Query query = upsert.set(r.maxMs, greatest(r.maxMs, excluded(r.maxMs)));

        List<Object[]> rows = new ArrayList<>();
        List<Object[]> recompute = new ArrayList<>();
        for (Map.Entry<RollupDelta.Key, RollupDelta.Change> e : delta.changes().entrySet()) {
            RollupDelta.Key k = e.getKey();
            RollupDelta.Change ch = e.getValue();
            List<Object> row = new ArrayList<>(List.of(
                    k.granularity(),
                    k.bucketStart(),
                    k.currency(),
                    k.statusCode(),
                    ch.statusKind,
                    k.provider(),
                    k.method(),
                    ch.count,
                    ch.amount));
            for (long h : ch.hist) {
                row.add(h);
            }
            row.add(ch.addedMax);
            rows.add(row.toArray());
            if (ch.removedMax >= 0) {
                recompute.add(new Object[] {
                    k.bucketStart(),
                    RollupDelta.bucketEnd(k),
                    k.currency(),
                    k.statusCode(),
                    k.provider(),
                    k.method(),
                    k.granularity(),
                    k.bucketStart(),
                    k.currency(),
                    k.statusCode(),
                    k.provider(),
                    k.method(),
                    ch.removedMax
                });
            }
        }
        executeBatch(ctx, query, rows);
        if (!recompute.isEmpty()) {
            // A latency that left the row may have been its maximum: recompute it from the raw rows.
            Schema.Tx t = s.tx;
            Field<Long> newMax = field(select(coalesce(max(t.latencyMs), inline(0L)))
                    .from(t.table)
                    .where(t.createdAt.ge(p(t.createdAt)))
                    .and(t.createdAt.lt(p(t.createdAt)))
                    .and(coalesce(t.currency, inline("")).eq(p(t.currency)))
                    .and(t.statusCode.eq(p(t.statusCode)))
                    .and(coalesce(t.provider, inline("")).eq(p(t.provider)))
                    .and(coalesce(t.paymentMethod, inline("")).eq(p(t.paymentMethod))));
            Query fix = ctx.update(r.table)
                    .set(r.maxMs, newMax)
                    .where(r.granularity.eq(p(r.granularity)))
                    .and(r.bucketStart.eq(p(r.bucketStart)))
                    .and(r.currency.eq(p(r.currency)))
                    .and(r.statusCode.eq(p(r.statusCode)))
                    .and(r.provider.eq(p(r.provider)))
                    .and(r.paymentMethod.eq(p(r.paymentMethod)))
                    .and(r.maxMs.le(p(r.maxMs)));
            executeBatch(ctx, fix, recompute);
        }
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
        return snapshot("aggregate", ctx -> new Aggregator(ctx, s, query).run());
    }

    /**
     * Runs a multi-statement read in one read-only REPEATABLE READ transaction, so that its pieces
     * (rollup levels and raw edges) see the same committed batches. On PostgreSQL the transaction
     * also gets {@code work_mem} = {@value #AGGREGATE_WORK_MEM} ({@code SET LOCAL}, this transaction
     * only): the planner cannot estimate how many zone days a folded hour range has and, with the
     * default 4 MB, sorted the rows on disk instead of hashing 248 groups (measured 110 vs 32–52 ms
     * at 10 M transactions).
     */
    private <T> T snapshot(String what, java.util.function.Function<DSLContext, T> query) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            boolean readOnly = c.isReadOnly();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                DSLContext ctx = DSL.using(c, dialect.sql, settings);
                if (dialect == Dialect.POSTGRES) {
                    ctx.execute("SET LOCAL work_mem = '" + AGGREGATE_WORK_MEM + "'");
                }
                T result = query.apply(ctx);
                c.commit();
                return result;
            } catch (RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                c.setReadOnly(readOnly);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | DataAccessException e) {
            throw failure(what, e);
        }
    }

    // ------------------------------------------------------------------------------ transactions

    @Override
    public Optional<StoredTransaction> transaction(String id) {
        return read("read transaction", ctx -> {
            Record r = ctx.select(txFields())
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
                timeline.add(toEvent(e));
            }
            return Optional.of(toTransaction(r).withTimeline(timeline));
        });
    }

    @Override
    public Page<StoredTransaction> searchTransactions(TransactionQuery q) {
        Schema.Tx t = s.tx;
        Condition c = t.eventCount.gt(0);
        if (!q.statuses().isEmpty()) {
            c = c.and(t.statusCode.in(
                    q.statuses().stream().map(TransactionStatus::code).toList()));
        }
        if (q.customerEmail() != null) {
            c = c.and(lower(t.customerEmail).eq(lower(val(q.customerEmail()))));
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
            long at = Times.bound(after.time());
            c = c.and(t.createdAt
                    .lt(at)
                    .or(t.createdAt.eq(at).and(dialect.codePointKey(t.id).lt(dialect.codePointKey(val(after.key()))))));
        }
        Condition where = c;
        List<StoredTransaction> rows = read("search transactions", ctx -> {
            List<StoredTransaction> found = ctx.select(txFields())
                    .from(t.table)
                    .where(where)
                    .orderBy(t.createdAt.desc(), t.id.desc())
                    .limit(q.limit() + 1)
                    .fetch(this::toTransaction);
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
            rows.addAll(ctx.select(txFields())
                    .from(s.tx.table)
                    .where(where)
                    .and(s.tx.createdAt.eq(Times.bound(boundary)))
                    .fetch(this::toTransaction));
        }
        rows.sort(Comparator.comparing(StoredTransaction::createdAt)
                .thenComparing(StoredTransaction::id, Cursor.KEY_ORDER)
                .reversed());
        return rows.size() > limit + 1 ? new ArrayList<>(rows.subList(0, limit + 1)) : rows;
    }

    /** The rows after {@code cursor} in (time, key) descending order: the next keyset page. */
    private static <K> Condition beyond(Cursor cursor, Field<Long> time, Field<K> key, K cursorKey) {
        long at = Times.bound(cursor.time());
        return time.lt(at).or(time.eq(at).and(key.lt(cursorKey)));
    }

    /** The numeric row id a cursor of {@code what} carries. */
    private static long numericKey(Cursor cursor, String what) {
        try {
            return Long.parseLong(cursor.key());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("after must be a cursor from a previous page of " + what);
        }
    }

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, Cursor> cursor) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursor.apply(items.get(limit - 1)).encode());
    }

    // ------------------------------------------------------------------------------ health

    private void writeHealth(DSLContext ctx, List<HealthReport> reports) {
        Schema.Health h = s.health;
        List<Field<?>> cols = List.of(h.component, h.status, h.responseNanos, h.message, h.details, h.checkedAt);
        List<Object[]> rows = new ArrayList<>();
        for (HealthReport r : reports) {
            Instant at = r.checkedAt();
            if (at == null) {
                throw new IllegalArgumentException("health report must be stamped with checkedAt: " + r);
            }
            rows.add(new Object[] {
                r.component(),
                r.status().code(),
                Times.durationNanos(r.responseTime()),
                r.message(),
                JsonCodec.writeMap(r.details()),
                Times.nanos(at)
            });
        }
        executeBatch(ctx, ctx.insertInto(h.table).columns(cols).values(params(cols)), rows);
    }

    private HealthReport toReport(
            String component,
            String status,
            @Nullable Long responseNanos,
            @Nullable String message,
            @Nullable String details,
            @Nullable Long checkedAt) {
        HealthReport.Builder b = HealthReport.builder(component, HealthStatus.of(status));
        Duration rt = Times.duration(responseNanos);
        if (rt != null) {
            b.responseTime(rt);
        }
        b.message(message);
        if (details != null) {
            b.details(JsonCodec.readMap(details));
        }
        if (checkedAt != null) {
            b.checkedAt(Times.instant(checkedAt));
        }
        return b.build();
    }

    @Override
    public List<HealthReport> healthSamples(String component, Instant from, Instant to, int limit) {
        Schema.Health h = s.health;
        atLeastOne("limit", limit);
        return read(
                "read health samples",
                ctx -> ctx.select(h.component, h.status, h.responseNanos, h.message, h.details, h.checkedAt)
                        .from(h.table)
                        .where(h.component.eq(component))
                        .and(h.checkedAt.ge(Times.bound(from)))
                        .and(h.checkedAt.lt(Times.bound(to)))
                        .orderBy(h.checkedAt.desc(), h.id.desc())
                        .limit(limit)
                        .fetch(r -> toReport(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6())));
    }

    @Override
    public HealthStats healthStats(String component, Instant from, Instant to) {
        Schema.Health h = s.health;
        return read("read health stats", ctx -> {
            Map<HealthStatus, Long> byStatus = new HashMap<>();
            long[] counts = new long[LatencyHistogram.BUCKETS];
            long maxMs = 0;
            for (var r : ctx.select(h.status, h.responseNanos)
                    .from(h.table)
                    .where(h.component.eq(component))
                    .and(h.checkedAt.ge(Times.bound(from)))
                    .and(h.checkedAt.lt(Times.bound(to)))
                    .fetch()) {
                byStatus.merge(HealthStatus.of(r.value1()), 1L, Long::sum);
                if (r.value2() != null) {
                    Duration d = Duration.ofNanos(r.value2());
                    counts[LatencyHistogram.bucketOf(d)]++;
                    maxMs = Math.max(maxMs, d.toMillis());
                }
            }
            return new HealthStats(component, byStatus, LatencyHistogram.of(counts, maxMs));
        });
    }

    @Override
    public void saveComponentState(ComponentState state) {
        Schema.Components t = s.components;
        HealthReport last = state.lastReport();
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(t.status, state.status().code());
        values.put(t.since, Times.nanos(state.since()));
        values.put(t.consecutiveFailures, state.consecutiveFailures());
        values.put(t.consecutiveSuccesses, state.consecutiveSuccesses());
        values.put(t.lastStatus, last == null ? null : last.status().code());
        values.put(t.lastResponseNanos, last == null ? null : Times.durationNanos(last.responseTime()));
        values.put(t.lastMessage, last == null ? null : last.message());
        values.put(t.lastDetails, last == null ? null : JsonCodec.writeMap(last.details()));
        values.put(t.lastCheckedAt, last == null ? null : Times.nanosOrNull(last.checkedAt()));
        values.put(t.alertId, state.alertId());
        Map<Field<?>, Object> insert = new LinkedHashMap<>();
        insert.put(t.component, state.component());
        insert.putAll(values);
        inTransaction(
                "save component state",
                (ctx, c) -> ctx.insertInto(t.table)
                        .set(insert)
                        .onConflict(t.component)
                        .doUpdate()
                        .set(values)
                        .execute());
    }

    @Override
    public List<ComponentState> componentStates() {
        Schema.Components t = s.components;
        return read(
                "read component states",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .orderBy(t.component)
                        .fetch(r -> new ComponentState(
                                r.get(t.component),
                                HealthStatus.of(r.get(t.status)),
                                Times.instant(r.get(t.since)),
                                r.get(t.consecutiveFailures),
                                r.get(t.consecutiveSuccesses),
                                r.get(t.lastStatus) == null
                                        ? null
                                        : toReport(
                                                r.get(t.component),
                                                r.get(t.lastStatus),
                                                r.get(t.lastResponseNanos),
                                                r.get(t.lastMessage),
                                                r.get(t.lastDetails),
                                                r.get(t.lastCheckedAt)),
                                r.get(t.alertId))));
    }

    @Override
    public Optional<ComponentState> componentState(String component) {
        return componentStates().stream()
                .filter(c -> c.component().equals(component))
                .findFirst();
    }

    // ------------------------------------------------------------------------------ errors

    private List<ErrorGroupChange> writeErrors(DSLContext ctx, List<ErrorOccurrence> occurrences) {
        Schema.ErrorGroups g = s.errorGroups;
        TreeMap<String, List<ErrorOccurrence>> byFingerprint = new TreeMap<>();
        for (ErrorOccurrence o : occurrences) {
            if (o.event().occurredAt() == null) {
                throw new IllegalArgumentException("error event must be stamped with occurredAt: " + o.event());
            }
            byFingerprint
                    .computeIfAbsent(o.fingerprint(), k -> new ArrayList<>())
                    .add(o);
        }
        List<ErrorGroupChange> changes = new ArrayList<>();
        for (Map.Entry<String, List<ErrorOccurrence>> e : byFingerprint.entrySet()) {
            String fp = e.getKey();
            ErrorGroup group = lockErrorGroup(ctx, fp);
            ErrorGroupChange.Kind kind = null;
            boolean inserted = false;
            for (ErrorOccurrence o : e.getValue()) {
                ErrorEvent ev = o.event();
                Instant at = java.util.Objects.requireNonNull(ev.occurredAt());
                if (group == null) {
                    group = new ErrorGroup(
                            fp,
                            ev.type(),
                            o.messageTemplate(),
                            ev.component(),
                            1,
                            at,
                            at,
                            ev.message(),
                            ev.stackTrace(),
                            ev.transactionId(),
                            ErrorGroupStatus.NEW);
                    kind = ErrorGroupChange.Kind.NEW;
                    inserted = true;
                    continue;
                }
                ErrorGroupStatus status = group.status();
                if (status == ErrorGroupStatus.RESOLVED) {
                    status = ErrorGroupStatus.REGRESSED;
                    if (kind == null) {
                        kind = ErrorGroupChange.Kind.REGRESSED;
                    }
                }
                boolean newest = !at.isBefore(group.lastSeen());
                group = new ErrorGroup(
                        fp,
                        group.type(),
                        group.messageTemplate(),
                        newest ? ev.component() : group.component(),
                        group.count() + 1,
                        at.isBefore(group.firstSeen()) ? at : group.firstSeen(),
                        newest ? at : group.lastSeen(),
                        newest ? ev.message() : group.lastMessage(),
                        newest ? ev.stackTrace() : group.lastStackTrace(),
                        newest ? ev.transactionId() : group.lastTransactionId(),
                        status);
            }
            if (group == null) {
                continue;
            }
            Map<Field<?>, Object> values = new LinkedHashMap<>();
            values.put(g.type, group.type());
            values.put(g.messageTemplate, group.messageTemplate());
            values.put(g.component, group.component());
            values.put(g.cnt, group.count());
            values.put(g.firstSeen, Times.nanos(group.firstSeen()));
            values.put(g.lastSeen, Times.nanos(group.lastSeen()));
            values.put(g.lastMessage, group.lastMessage());
            values.put(g.lastStackTrace, group.lastStackTrace());
            values.put(g.lastTransactionId, group.lastTransactionId());
            values.put(g.status, group.status().name());
            if (inserted) {
                Map<Field<?>, Object> row = new LinkedHashMap<>();
                row.put(g.fingerprint, fp);
                row.putAll(values);
                // A concurrent writer inserting the same new fingerprint makes this fail with a unique
                // violation; the whole write is then retried and sees that group.
                ctx.insertInto(g.table).set(row).execute();
            } else {
                ctx.update(g.table).set(values).where(g.fingerprint.eq(fp)).execute();
            }
            if (kind != null) {
                changes.add(new ErrorGroupChange(group, kind));
            }
        }
        return changes;
    }

    private @Nullable ErrorGroup lockErrorGroup(DSLContext ctx, String fingerprint) {
        Record r = ctx.select(s.errorGroups.fields())
                .from(s.errorGroups.table)
                .where(s.errorGroups.fingerprint.eq(fingerprint))
                .forUpdate()
                .fetchOne();
        return r == null ? null : toErrorGroup(r);
    }

    private ErrorGroup toErrorGroup(Record r) {
        Schema.ErrorGroups g = s.errorGroups;
        return new ErrorGroup(
                r.get(g.fingerprint),
                r.get(g.type),
                r.get(g.messageTemplate),
                r.get(g.component),
                r.get(g.cnt),
                Times.instant(r.get(g.firstSeen)),
                Times.instant(r.get(g.lastSeen)),
                r.get(g.lastMessage),
                r.get(g.lastStackTrace),
                r.get(g.lastTransactionId),
                ErrorGroupStatus.valueOf(r.get(g.status)));
    }

    @Override
    public Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after) {
        atLeastOne("limit", limit);
        Schema.ErrorGroups g = s.errorGroups;
        Condition c = noCondition();
        if (!statuses.isEmpty()) {
            c = c.and(g.status.in(statuses.stream().map(Enum::name).toList()));
        }
        if (after != null) {
            Cursor cur = Cursor.decode(after);
            c = c.and(beyond(cur, g.lastSeen, g.fingerprint, cur.key()));
        }
        Condition where = c;
        List<ErrorGroup> rows = read(
                "read error groups",
                ctx -> ctx.select(g.fields())
                        .from(g.table)
                        .where(where)
                        .orderBy(g.lastSeen.desc(), g.fingerprint.desc())
                        .limit(limit + 1)
                        .fetch(this::toErrorGroup));
        return page(rows, limit, x -> new Cursor(x.lastSeen(), x.fingerprint()));
    }

    @Override
    public Optional<ErrorGroup> errorGroup(String fingerprint) {
        return read(
                "read error group",
                ctx -> ctx.select(s.errorGroups.fields())
                        .from(s.errorGroups.table)
                        .where(s.errorGroups.fingerprint.eq(fingerprint))
                        .fetchOptional(this::toErrorGroup));
    }

    @Override
    public boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status) {
        return inTransaction(
                        "set error group status",
                        (ctx, c) -> ctx.update(s.errorGroups.table)
                                .set(s.errorGroups.status, status.name())
                                .where(s.errorGroups.fingerprint.eq(fingerprint))
                                .execute())
                > 0;
    }

    // ------------------------------------------------------------------------------ logs

    private void writeLogs(DSLContext ctx, List<LogEntry> logs) {
        Schema.Logs l = s.logs;
        List<Field<?>> cols = List.of(
                l.level, l.levelRank, l.component, l.message, l.details, l.transactionId, l.customer, l.occurredAt);
        List<Object[]> rows = new ArrayList<>();
        for (LogEntry e : logs) {
            Instant at = e.occurredAt();
            if (at == null) {
                throw new IllegalArgumentException("log entry must be stamped with occurredAt");
            }
            rows.add(new Object[] {
                e.level().name(),
                e.level().ordinal(),
                e.component(),
                e.message(),
                JsonCodec.writeMap(e.details()),
                e.transactionId(),
                e.customer(),
                Times.nanos(at)
            });
        }
        executeBatch(ctx, ctx.insertInto(l.table).columns(cols).values(params(cols)), rows);
    }

    @Override
    public Page<StoredLogEntry> searchLogs(LogQuery q) {
        Schema.Logs l = s.logs;
        Condition c = noCondition();
        if (q.minLevel() != null) {
            c = c.and(l.levelRank.le(q.minLevel().ordinal()));
        }
        if (q.component() != null) {
            c = c.and(l.component.eq(q.component()));
        }
        if (q.transactionId() != null) {
            c = c.and(l.transactionId.eq(q.transactionId()));
        }
        if (q.text() != null) {
            c = c.and(containsIgnoreCase(l.message, q.text()));
        }
        if (q.from() != null) {
            c = c.and(l.occurredAt.ge(Times.bound(q.from())));
        }
        if (q.to() != null) {
            c = c.and(l.occurredAt.lt(Times.bound(q.to())));
        }
        if (q.after() != null) {
            Cursor cur = Cursor.decode(q.after());
            c = c.and(beyond(cur, l.occurredAt, l.id, numericKey(cur, "logs")));
        }
        Condition where = c;
        List<StoredLogEntry> rows = read(
                "search logs",
                ctx -> ctx.select(l.fields())
                        .from(l.table)
                        .where(where)
                        .orderBy(l.occurredAt.desc(), l.id.desc())
                        .limit(q.limit() + 1)
                        .fetch(r -> new StoredLogEntry(
                                r.get(l.id),
                                new LogEntry(
                                        LogLevel.valueOf(r.get(l.level)),
                                        r.get(l.component),
                                        r.get(l.message),
                                        JsonCodec.readMap(r.get(l.details)),
                                        r.get(l.transactionId),
                                        r.get(l.customer),
                                        Times.instant(r.get(l.occurredAt))))));
        return page(
                rows,
                q.limit(),
                x -> new Cursor(java.util.Objects.requireNonNull(x.entry().occurredAt()), Long.toString(x.id())));
    }

    // ------------------------------------------------------------------------------ alerts

    private Map<Field<?>, Object> alertValues(AlertRecord a) {
        Schema.Alerts t = s.alerts;
        Map<Field<?>, Object> v = new LinkedHashMap<>();
        v.put(t.dedupKey, a.dedupKey());
        v.put(t.activeKey, a.status().isActive() ? a.dedupKey() : null);
        v.put(t.severity, a.severity().name());
        v.put(t.title, a.title());
        v.put(t.message, a.message());
        v.put(t.component, a.component());
        v.put(t.labels, JsonCodec.writeStrings(a.labels()));
        v.put(t.source, a.source());
        v.put(t.status, a.status().name());
        v.put(t.occurrences, a.occurrences());
        v.put(t.firstSeen, Times.nanos(a.firstSeen()));
        v.put(t.lastSeen, Times.nanos(a.lastSeen()));
        v.put(t.acknowledgedBy, a.acknowledgedBy());
        v.put(t.acknowledgedAt, Times.nanosOrNull(a.acknowledgedAt()));
        v.put(t.resolvedBy, a.resolvedBy());
        v.put(t.resolvedAt, Times.nanosOrNull(a.resolvedAt()));
        v.put(t.lastNotifiedAt, Times.nanosOrNull(a.lastNotifiedAt()));
        v.put(t.suppressedBy, a.suppressedBy());
        return v;
    }

    private AlertRecord toAlert(Record r) {
        Schema.Alerts t = s.alerts;
        return new AlertRecord(
                r.get(t.id),
                r.get(t.dedupKey),
                Severity.valueOf(r.get(t.severity)),
                r.get(t.title),
                r.get(t.message),
                r.get(t.component),
                JsonCodec.readStrings(r.get(t.labels)),
                r.get(t.source),
                AlertStatus.valueOf(r.get(t.status)),
                r.get(t.occurrences),
                Times.instant(r.get(t.firstSeen)),
                Times.instant(r.get(t.lastSeen)),
                r.get(t.acknowledgedBy),
                Times.instantOrNull(r.get(t.acknowledgedAt)),
                r.get(t.resolvedBy),
                Times.instantOrNull(r.get(t.resolvedAt)),
                Times.instantOrNull(r.get(t.lastNotifiedAt)),
                r.get(t.suppressedBy));
    }

    @Override
    public AlertUpsert raiseAlert(RaisePlan plan) {
        Schema.Alerts t = s.alerts;
        AlertRecord candidate = plan.candidate();
        return inTransaction("raise alert", (ctx, c) -> {
            for (int round = 0; ; round++) {
                Record r = ctx.select(t.fields())
                        .from(t.table)
                        .where(t.activeKey.eq(candidate.dedupKey()))
                        .forUpdate()
                        .fetchOne();
                if (r != null) {
                    AlertUpsert merged = AlertMerge.raise(toAlert(r), plan);
                    ctx.update(t.table)
                            .set(alertValues(merged.alert()))
                            .where(t.id.eq(merged.alert().id()))
                            .execute();
                    insertDeliveries(ctx, merged.deliveries());
                    return merged;
                }
                if (!candidate.status().isActive()) {
                    throw new IllegalArgumentException("candidate must be an active alert, was " + candidate.status());
                }
                Map<Field<?>, Object> row = new LinkedHashMap<>();
                row.put(t.id, candidate.id());
                row.putAll(alertValues(candidate));
                // The unique active_key makes a concurrent raise of the same key insert nothing here;
                // the loop then finds and absorbs into the winner's alert.
                int inserted = ctx.insertInto(t.table)
                        .set(row)
                        .onConflict(t.activeKey)
                        .doNothing()
                        .execute();
                if (inserted > 0) {
                    AlertUpsert opened = AlertMerge.raise(null, plan);
                    insertDeliveries(ctx, opened.deliveries());
                    return opened;
                }
                if (round >= 3) {
                    throw new StoreException("raise alert failed: could neither insert nor find the active alert");
                }
            }
        });
    }

    @Override
    public Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> planned) {
        Schema.Alerts t = s.alerts;
        return inTransaction("update alert", (ctx, c) -> {
            Record r = ctx.select(t.fields())
                    .from(t.table)
                    .where(t.id.eq(id))
                    .forUpdate()
                    .fetchOne();
            if (r == null) {
                return Optional.<AlertUpsert>empty();
            }
            Optional<AlertUpsert> changed = AlertMerge.update(toAlert(r), change, planned);
            changed.ifPresent(u -> {
                ctx.update(t.table)
                        .set(alertValues(u.alert()))
                        .where(t.id.eq(id))
                        .execute();
                insertDeliveries(ctx, u.deliveries());
            });
            return changed;
        });
    }

    @Override
    public Optional<AlertRecord> alert(String id) {
        return read(
                "read alert",
                ctx -> ctx.select(s.alerts.fields())
                        .from(s.alerts.table)
                        .where(s.alerts.id.eq(id))
                        .fetchOptional(this::toAlert));
    }

    @Override
    public Page<AlertRecord> searchAlerts(AlertQuery q) {
        Schema.Alerts t = s.alerts;
        Condition c = noCondition();
        if (!q.statuses().isEmpty()) {
            c = c.and(t.status.in(q.statuses().stream().map(Enum::name).toList()));
        }
        if (!q.severities().isEmpty()) {
            c = c.and(t.severity.in(q.severities().stream().map(Enum::name).toList()));
        }
        if (q.component() != null) {
            c = c.and(t.component.eq(q.component()));
        }
        if (q.from() != null) {
            c = c.and(t.lastSeen.ge(Times.bound(q.from())));
        }
        if (q.to() != null) {
            c = c.and(t.lastSeen.lt(Times.bound(q.to())));
        }
        if (q.after() != null) {
            Cursor cur = Cursor.decode(q.after());
            c = c.and(beyond(cur, t.lastSeen, t.id, cur.key()));
        }
        Condition where = c;
        List<AlertRecord> rows = read(
                "search alerts",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .where(where)
                        .orderBy(t.lastSeen.desc(), t.id.desc())
                        .limit(q.limit() + 1)
                        .fetch(this::toAlert));
        return page(rows, q.limit(), x -> new Cursor(x.lastSeen(), x.id()));
    }

    // ------------------------------------------------------------------------------ deliveries

    private List<Field<?>> deliveryFields() {
        Schema.Deliveries d = s.deliveries;
        return List.of(
                d.id,
                d.ord,
                d.alertId,
                d.channel,
                d.kind,
                d.state,
                d.attempts,
                d.nextAttemptAt,
                d.lastError,
                d.createdAt,
                d.sentAt,
                d.claimedBy,
                d.claimedUntil);
    }

    private void insertDeliveries(DSLContext ctx, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        List<Field<?>> cols = deliveryFields();
        List<Object[]> rows = new ArrayList<>();
        for (Delivery d : deliveries) {
            rows.add(new Object[] {
                d.id(),
                nextOrder(),
                d.alertId(),
                d.channel(),
                d.kind().name(),
                d.state().name(),
                d.attempts(),
                Times.nanos(d.nextAttemptAt()),
                d.lastError(),
                Times.nanos(d.createdAt()),
                Times.nanosOrNull(d.sentAt()),
                d.claimedBy(),
                Times.nanosOrNull(d.claimedUntil())
            });
        }
        executeBatch(ctx, ctx.insertInto(s.deliveries.table).columns(cols).values(params(cols)), rows);
    }

    private Delivery toDelivery(Record r) {
        Schema.Deliveries d = s.deliveries;
        return new Delivery(
                r.get(d.id),
                r.get(d.alertId),
                r.get(d.channel),
                DeliveryKind.valueOf(r.get(d.kind)),
                DeliveryState.valueOf(r.get(d.state)),
                r.get(d.attempts),
                Times.instant(r.get(d.nextAttemptAt)),
                r.get(d.lastError),
                Times.instant(r.get(d.createdAt)),
                Times.instantOrNull(r.get(d.sentAt)),
                r.get(d.claimedBy),
                Times.instantOrNull(r.get(d.claimedUntil)));
    }

    @Override
    public void insertDeliveries(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        inTransaction("insert deliveries", (ctx, c) -> {
            insertDeliveries(ctx, deliveries);
            return null;
        });
    }

    @Override
    public List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        atLeastOne("limit", limit);
        Schema.Deliveries d = s.deliveries;
        long nowNanos = Times.bound(now);
        Condition claimable = d.state
                .in(DeliveryState.PENDING.name(), DeliveryState.FAILED.name())
                .and(d.nextAttemptAt.le(nowNanos))
                .and(d.claimedUntil.isNull().or(d.claimedUntil.le(nowNanos)));
        SortField<?>[] due = {d.nextAttemptAt.asc(), d.createdAt.asc(), d.ord.asc(), d.id.asc()};
        return inTransaction("claim deliveries", (ctx, c) -> {
            // The conditional UPDATE is what makes a claim exclusive: a row another dispatcher claimed
            // meanwhile no longer matches. SKIP LOCKED (PostgreSQL) just spares the wait for such rows.
            List<String> claimed = new ArrayList<>();
            Set<String> tried = new HashSet<>();
            while (claimed.size() < limit) {
                var select = ctx.select(d.id)
                        .from(d.table)
                        .where(claimable)
                        .and(tried.isEmpty() ? noCondition() : d.id.notIn(tried))
                        .orderBy(due)
                        .limit(limit - claimed.size());
                List<String> candidates =
                        dialect.skipLocked() ? select.forUpdate().skipLocked().fetch(d.id) : select.fetch(d.id);
                if (candidates.isEmpty()) {
                    break;
                }
                for (String id : candidates) {
                    tried.add(id);
                    int n = ctx.update(d.table)
                            .set(d.claimedBy, owner)
                            .set(d.claimedUntil, Times.nanos(claimUntil))
                            .where(d.id.eq(id))
                            .and(claimable)
                            .execute();
                    if (n > 0) {
                        claimed.add(id);
                    }
                }
            }
            if (claimed.isEmpty()) {
                return List.<Delivery>of();
            }
            return ctx.select(deliveryFields())
                    .from(d.table)
                    .where(d.id.in(claimed))
                    .orderBy(due)
                    .fetch(this::toDelivery);
        });
    }

    @Override
    public boolean recordAttempt(Delivery attempted, String owner) {
        Schema.Deliveries d = s.deliveries;
        return inTransaction(
                        "record delivery attempt",
                        (ctx, c) -> ctx.update(d.table)
                                .set(d.state, attempted.state().name())
                                .set(d.attempts, attempted.attempts())
                                .set(d.nextAttemptAt, Times.nanos(attempted.nextAttemptAt()))
                                .set(d.lastError, attempted.lastError())
                                .set(d.sentAt, Times.nanosOrNull(attempted.sentAt()))
                                .set(d.claimedBy, attempted.claimedBy())
                                .set(d.claimedUntil, Times.nanosOrNull(attempted.claimedUntil()))
                                .where(d.id.eq(attempted.id()))
                                .and(d.claimedBy.eq(owner))
                                .execute())
                > 0;
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        Schema.Deliveries d = s.deliveries;
        return read(
                "read deliveries",
                ctx -> ctx.select(deliveryFields())
                        .from(d.table)
                        .where(d.alertId.eq(alertId))
                        .orderBy(d.createdAt, d.ord, d.id)
                        .fetch(this::toDelivery));
    }

    @Override
    public Map<DeliveryState, Long> deliveryCounts() {
        Schema.Deliveries d = s.deliveries;
        return read("count deliveries", ctx -> {
            Map<DeliveryState, Long> out = new EnumMap<>(DeliveryState.class);
            for (var r :
                    ctx.select(d.state, count()).from(d.table).groupBy(d.state).fetch()) {
                out.put(DeliveryState.valueOf(r.value1()), r.value2().longValue());
            }
            return out;
        });
    }

    // ------------------------------------------------------------------------------ silences

    @Override
    public void saveSilence(Silence silence) {
        Schema.Silences t = s.silences;
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(t.matchers, JsonCodec.writeStrings(silence.matchers()));
        values.put(t.startsAt, Times.nanos(silence.startsAt()));
        values.put(t.endsAt, Times.nanos(silence.endsAt()));
        values.put(t.createdBy, silence.createdBy());
        values.put(t.reason, silence.reason());
        values.put(t.createdAt, Times.nanos(silence.createdAt()));
        Map<Field<?>, Object> insert = new LinkedHashMap<>();
        insert.put(t.id, silence.id());
        insert.putAll(values);
        inTransaction(
                "save silence",
                (ctx, c) -> ctx.insertInto(t.table)
                        .set(insert)
                        .onConflict(t.id)
                        .doUpdate()
                        .set(values)
                        .execute());
    }

    @Override
    public List<Silence> silences(Instant now) {
        Schema.Silences t = s.silences;
        return read(
                "read silences",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .where(t.endsAt.gt(Times.bound(now)))
                        .orderBy(t.startsAt, t.id)
                        .fetch(r -> new Silence(
                                r.get(t.id),
                                JsonCodec.readStrings(r.get(t.matchers)),
                                Times.instant(r.get(t.startsAt)),
                                Times.instant(r.get(t.endsAt)),
                                r.get(t.createdBy),
                                r.get(t.reason),
                                Times.instant(r.get(t.createdAt)))));
    }

    @Override
    public boolean deleteSilence(String id) {
        return inTransaction(
                        "delete silence",
                        (ctx, c) -> ctx.deleteFrom(s.silences.table)
                                .where(s.silences.id.eq(id))
                                .execute())
                > 0;
    }

    // ------------------------------------------------------------------------------ audit

    @Override
    public AuditEntry appendAudit(AuditEntry entry) {
        Schema.Audit a = s.audit;
        Long id = inTransaction(
                "append audit entry",
                (ctx, c) -> ctx.insertInto(a.table)
                        .set(a.at, Times.nanos(entry.at()))
                        .set(a.actor, entry.actor())
                        .set(a.action, entry.action())
                        .set(a.target, entry.target())
                        .set(a.details, JsonCodec.writeMap(entry.details()))
                        .returningResult(a.id)
                        .fetchOne(a.id));
        if (id == null) {
            throw new StoreException("append audit entry failed: no id was generated");
        }
        return new AuditEntry(id, entry.at(), entry.actor(), entry.action(), entry.target(), entry.details());
    }

    @Override
    public Page<AuditEntry> audit(int limit, @Nullable String after) {
        atLeastOne("limit", limit);
        Schema.Audit a = s.audit;
        Condition c = noCondition();
        if (after != null) {
            Cursor cur = Cursor.decode(after);
            c = c.and(beyond(cur, a.at, a.id, numericKey(cur, "audit entries")));
        }
        Condition where = c;
        List<AuditEntry> rows = read(
                "read audit",
                ctx -> ctx.select(a.fields())
                        .from(a.table)
                        .where(where)
                        .orderBy(a.at.desc(), a.id.desc())
                        .limit(limit + 1)
                        .fetch(r -> new AuditEntry(
                                r.get(a.id),
                                Times.instant(r.get(a.at)),
                                r.get(a.actor),
                                r.get(a.action),
                                r.get(a.target),
                                JsonCodec.readMap(r.get(a.details)))));
        return page(rows, limit, x -> new Cursor(x.at(), Long.toString(x.id())));
    }

    // ------------------------------------------------------------------------------ locks

    @Override
    public boolean tryLock(String name, String owner, Instant now, Duration lease) {
        Schema.Locks l = s.locks;
        long nowNanos = Times.nanos(now);
        long until = Times.nanos(now.plus(lease));
        return inTransaction("take lock", (ctx, c) -> {
            int taken = ctx.update(l.table)
                    .set(l.owner, owner)
                    .set(l.expiresAt, until)
                    .where(l.name.eq(name))
                    .and(l.owner.eq(owner).or(l.expiresAt.le(nowNanos)))
                    .execute();
            if (taken > 0) {
                return true;
            }
            return ctx.insertInto(l.table)
                            .set(l.name, name)
                            .set(l.owner, owner)
                            .set(l.expiresAt, until)
                            .onConflict(l.name)
                            .doNothing()
                            .execute()
                    > 0;
        });
    }

    @Override
    public void unlock(String name, String owner) {
        Schema.Locks l = s.locks;
        inTransaction(
                "release lock",
                (ctx, c) -> ctx.deleteFrom(l.table)
                        .where(l.name.eq(name))
                        .and(l.owner.eq(owner))
                        .execute());
    }

    // ------------------------------------------------------------------------------ retention

    @Override
    public long erase(String customerEmail, String replacement) {
        Validate.identifier("customerEmail", customerEmail, 254);
        Validate.optionalEmail("replacement", Validate.notNull("replacement", replacement));
        String lower = customerEmail.toLowerCase(Locale.ROOT);
        Erasure erasure = new Erasure(customerEmail, replacement);
        return inTransaction("erase customer", (ctx, c) -> {
            long changed = 0;
            for (Table<Record> table : List.of(s.tx.table, s.events.table)) {
                Field<String> email = table == s.tx.table ? s.tx.customerEmail : s.events.customerEmail;
                Field<String> name = table == s.tx.table ? s.tx.customerName : s.events.customerName;
                Field<String> message = table == s.tx.table ? s.tx.errorMessage : s.events.errorMessage;
                Field<String> metadata = table == s.tx.table ? s.tx.metadata : s.events.metadata;
                List<Field<?>> key =
                        table == s.tx.table ? List.of(s.tx.id) : List.of(s.events.transactionId, s.events.seq);
                changed += ctx.update(table)
                        .set(email, replacement)
                        .set(name, (String) null)
                        .where(DSL.lower(email).eq(lower))
                        .execute();
                changed += replaceMentions(ctx, table, key, erasure, customerEmail, message, metadata);
            }
            changed += replaceMentions(
                    ctx,
                    s.logs.table,
                    List.of(s.logs.id),
                    erasure,
                    customerEmail,
                    s.logs.message,
                    s.logs.details,
                    s.logs.customer);
            changed += replaceMentions(
                    ctx,
                    s.errorGroups.table,
                    List.of(s.errorGroups.fingerprint),
                    erasure,
                    customerEmail,
                    s.errorGroups.lastMessage,
                    s.errorGroups.lastStackTrace);
            changed += replaceMentions(
                    ctx,
                    s.alerts.table,
                    List.of(s.alerts.id),
                    erasure,
                    customerEmail,
                    s.alerts.title,
                    s.alerts.message,
                    s.alerts.labels);
            return changed;
        });
    }

    /**
     * Replaces the e-mail, in any case, in every listed text column (JSON columns included: an
     * address has no character JSON escapes) of the rows that mention it. The rows are found in
     * SQL, ignoring case, and rewritten in Java by {@link Erasure}, since SQL's {@code REPLACE} is
     * case-sensitive on every database.
     */
    @SafeVarargs
    private static int replaceMentions(
            DSLContext ctx,
            Table<Record> table,
            List<Field<?>> key,
            Erasure erasure,
            String email,
            Field<String>... columns) {
        org.jooq.Condition mentions = DSL.falseCondition();
        List<Field<?>> selected = new ArrayList<>(key);
        for (Field<String> column : columns) {
            mentions = mentions.or(column.containsIgnoreCase(email));
            selected.add(column);
        }
        int changed = 0;
        for (Record row : ctx.select(selected).from(table).where(mentions).fetch()) {
            Map<Field<?>, Object> sets = new LinkedHashMap<>();
            for (Field<String> column : columns) {
                String before = row.get(column);
                String after = erasure.text(before);
                if (!java.util.Objects.equals(before, after)) {
                    sets.put(column, after);
                }
            }
            if (sets.isEmpty()) {
                continue;
            }
            org.jooq.Condition same = DSL.noCondition();
            for (Field<?> k : key) {
                same = same.and(keyEquals(k, row.get(k)));
            }
            changed += ctx.update(table).set(sets).where(same).execute();
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static <T> org.jooq.Condition keyEquals(Field<T> key, Object value) {
        return key.eq((T) value);
    }

    @Override
    public long purge(Instant cutoff, int chunkSize) {
        atLeastOne("chunkSize", chunkSize);
        long before = Times.bound(cutoff);
        long deleted = 0;
        Schema.Tx t = s.tx;
        while (true) {
            long n = inTransaction("purge transactions", (ctx, c) -> {
                List<String> ids = ctx.select(t.id)
                        .from(t.table)
                        .where(t.lastEventAt.lt(before))
                        .and(t.eventCount.gt(0))
                        .orderBy(t.lastEventAt, t.id)
                        .limit(chunkSize)
                        .fetch(t.id);
                if (ids.isEmpty()) {
                    return 0L;
                }
                long events = ctx.deleteFrom(s.events.table)
                        .where(s.events.transactionId.in(ids))
                        .execute();
                return events + ctx.deleteFrom(t.table).where(t.id.in(ids)).execute();
            });
            deleted += n;
            if (n == 0) {
                break;
            }
        }
        deleted += purgeById(s.health.table, s.health.id, s.health.checkedAt.lt(before), chunkSize);
        deleted += purgeById(s.logs.table, s.logs.id, s.logs.occurredAt.lt(before), chunkSize);
        Schema.Alerts a = s.alerts;
        Schema.Deliveries d = s.deliveries;
        while (true) {
            long n = inTransaction("purge alerts", (ctx, c) -> {
                List<String> ids = ctx.select(a.id)
                        .from(a.table)
                        .where(a.status.eq(AlertStatus.RESOLVED.name()))
                        .and(a.resolvedAt.lt(before))
                        .andNotExists(DSL.selectOne()
                                .from(d.table)
                                .where(d.alertId.eq(a.id))
                                .and(d.state.notIn(DeliveryState.SENT.name(), DeliveryState.DEAD.name())))
                        .orderBy(a.resolvedAt, a.id)
                        .limit(chunkSize)
                        .fetch(a.id);
                if (ids.isEmpty()) {
                    return 0L;
                }
                long rows = ctx.deleteFrom(d.table).where(d.alertId.in(ids)).execute();
                return rows + ctx.deleteFrom(a.table).where(a.id.in(ids)).execute();
            });
            deleted += n;
            if (n == 0) {
                break;
            }
        }
        return deleted;
    }

    private long purgeById(org.jooq.Table<Record> table, Field<Long> id, Condition old, int chunkSize) {
        long deleted = 0;
        while (true) {
            long n = inTransaction("purge", (ctx, c) -> {
                List<Long> ids = ctx.select(id)
                        .from(table)
                        .where(old)
                        .orderBy(id)
                        .limit(chunkSize)
                        .fetch(id);
                return ids.isEmpty()
                        ? 0L
                        : (long) ctx.deleteFrom(table).where(id.in(ids)).execute();
            });
            deleted += n;
            if (n == 0) {
                return deleted;
            }
        }
    }

    /**
     * {@code retries}: database transactions retried after a deadlock, serialization failure or lost
     * insert race (a rising rate means heavy contention between instances).
     */
    @Override
    public Map<String, Long> counters() {
        return Map.of("retries", retries.get());
    }

    /** Closes the pool if this store built it; a host's DataSource is left open. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcStore[" + dialect + ", prefix=" + prefix + "]";
    }

    // ------------------------------------------------------------------------------ builder

    /**
     * Builds a {@link JdbcStore}. Either {@link #dataSource(DataSource)} or {@link #jdbcUrl(String)} is
     * required. Every setter validates at once and names the bad value.
     */
    public static final class Builder {
        private @Nullable DataSource dataSource;
        private @Nullable String jdbcUrl;
        private @Nullable String username;
        private @Nullable String password;
        private int poolSize = DEFAULT_POOL_SIZE;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean migrate = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The host's connection pool; the store never closes it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = java.util.Objects.requireNonNull(dataSource, "dataSource must not be null");
            return this;
        }

        /**
         * A JDBC URL for a HikariCP pool that the store builds, owns and closes. For PostgreSQL it sets
         * {@code reWriteBatchedInserts=true}, for MySQL/MariaDB {@code rewriteBatchedStatements=true}.
         */
        public Builder jdbcUrl(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', was '" + jdbcUrl + "'");
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user name for {@link #jdbcUrl(String)}. */
        public Builder username(@Nullable String username) {
            this.username = username;
            return this;
        }

        /** The password for {@link #jdbcUrl(String)}. */
        public Builder password(@Nullable String password) {
            this.password = password;
            return this;
        }

        /** Maximum size of the pool built for {@link #jdbcUrl(String)}; default {@value JdbcStore#DEFAULT_POOL_SIZE}. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 200) {
                throw new IllegalArgumentException("poolSize must be between 1 and 200, was " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** Prefix of every table name, matching {@code [a-z_][a-z0-9_]{0,20}}; default {@code vedette_}. */
        public Builder tablePrefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException(
                        "tablePrefix must match [a-z_][a-z0-9_]{0,20}, was '" + prefix + "'");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Whether {@link #build()} runs the Flyway migrations (default true). With false the schema is
         * only validated, and {@code build()} fails naming the missing table or the expected version.
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** The clock that stamps {@code updatedAt} and recording times; default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Connects, detects the database, migrates or validates the schema, and returns the store.
         *
         * @throws IllegalStateException if neither a DataSource nor a URL was given, or the schema is
         *     missing or too old with {@code migrate(false)}
         * @throws StoreException if the database cannot be reached or migrated
         */
        public JdbcStore build() {
            if (dataSource == null && jdbcUrl == null) {
                throw new IllegalStateException("JdbcStore needs a dataSource(...) or a jdbcUrl(...)");
            }
            if (dataSource != null && jdbcUrl != null) {
                throw new IllegalStateException("JdbcStore takes a dataSource(...) or a jdbcUrl(...), not both");
            }
            silenceJooqVersionNotice();
            HikariDataSource owned = null;
            DataSource ds = dataSource;
            if (ds == null) {
                owned = pool(java.util.Objects.requireNonNull(jdbcUrl));
                ds = owned;
            }
            try {
                Dialect dialect;
                try (Connection c = ds.getConnection()) {
                    dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
                }
                Flyway flyway = Flyway.configure(JdbcStore.class.getClassLoader())
                        .loggers(FlywayLogs.class.getName())
                        .dataSource(ds)
                        .table(tablePrefix + "schema_history")
                        .locations("classpath:db/vedette/common", "classpath:db/vedette/" + dialect.folder)
                        .placeholders(dialect.placeholders(tablePrefix))
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load();
                JdbcStore store = new JdbcStore(this, ds, owned, dialect);
                if (migrate) {
                    flyway.migrate();
                } else {
                    store.validateSchema(flyway);
                }
                return store;
            } catch (SQLException | RuntimeException e) {
                if (owned != null) {
                    owned.close();
                }
                if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                    throw (RuntimeException) e;
                }
                throw new StoreException("JdbcStore could not start: " + e.getMessage(), e);
            }
        }

        /**
         * jOOQ's open-source dialects target the newest server versions and WARN "Version mismatch"
         * on older ones, such as PostgreSQL 15 and MariaDB 10.11, where Vedette's SQL is tested. The
         * system property is jOOQ's own switch for that one logger; a value the host set wins.
         */
        private static void silenceJooqVersionNotice() {
            try {
                System.getProperties().putIfAbsent(JOOQ_VERSION_NOTICE, "ERROR");
            } catch (SecurityException e) {
                // the notice stays; nothing else depends on it
            }
        }

        private HikariDataSource pool(String url) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            if (username != null) {
                config.setUsername(username);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setPoolName("vedette-store");
            config.setMaximumPoolSize(poolSize);
            if (url.startsWith("jdbc:postgresql:")) {
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
            } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
                config.addDataSourceProperty("rewriteBatchedStatements", "true");
            }
            return new HikariDataSource(config);
        }
    }

    private void validateSchema(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        if (current != null
                && current.getVersion() != null
                && current.getVersion().compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(Schema.VERSION))
                        < 0) {
            throw new IllegalStateException("Vedette schema is at version " + current.getVersion()
                    + " but this JdbcStore expects version " + Schema.VERSION
                    + ": run the migrations in db/vedette/ or build with migrate(true)");
        }
        for (Schema.Named t : s.all()) {
            try {
                read(
                        "validate schema",
                        ctx -> ctx.selectOne()
                                .from(t.table)
                                .where(DSL.falseCondition())
                                .fetch());
            } catch (StoreException e) {
                throw new IllegalStateException(
                        "Vedette table " + t.tableName + " is missing (expected schema version "
                                + Schema.VERSION + " with table prefix '" + prefix
                                + "'): run the migrations in db/vedette/ or build with migrate(true)",
                        e);
            }
        }
    }
}
