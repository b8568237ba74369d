package dev.vedette.jdbc;

import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.store.Cursor;
import dev.vedette.store.Page;
import dev.vedette.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The plumbing every table class shares: connections, the retried READ COMMITTED transaction, reads,
 * snapshot reads, JDBC batches, keyset pages and the failure mapping to {@link StoreException}.
 */
final class Sql {
    /**
     * Attempts of one transaction that meets deadlocks or write races. A race resolves on the next
     * attempt (the row the other writer inserted is read and updated), but under heavy contention the
     * next attempt can meet the next race; ten attempts with a short random pause between them let
     * such races settle, so that a unique violation that outlasts them is a real collision (a poison
     * record, reported as permanent) and not bad luck.
     */
    private static final int MAX_ATTEMPTS = 10;

    private static final int IN_CHUNK = 500;
    /** Whether pgjdbc is present, for {@link #readPlannedPerCall}. */
    private static final boolean PGJDBC = PlanPerCall.available();

    private static final char ESCAPE = '!';
    /** PostgreSQL {@code work_mem} for the transaction of one aggregate read (a constant, never user input). */
    private static final String AGGREGATE_WORK_MEM = "32MB";

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownedPool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Dialect dialect;
    private final Schema schema;
    /** How every statement is rendered: names unquoted as written, so one model serves every database. */
    static final Settings SETTINGS = new Settings()
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withRenderNameCase(RenderNameCase.AS_IS)
            .withExecuteLogging(false)
            .withRenderSchema(false);

    private final AtomicLong retries = new AtomicLong();

    Sql(DataSource dataSource, @Nullable HikariDataSource ownedPool, Dialect dialect, Schema schema) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.dialect = dialect;
        this.schema = schema;
    }

    Dialect dialect() {
        return dialect;
    }

    Schema schema() {
        return schema;
    }

    /** Database transactions retried after a deadlock, serialization failure or lost insert race. */
    long retries() {
        return retries.get();
    }

    /** Closes the pool if the store built it; a host's DataSource is left open. Idempotent. */
    void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    /** Work inside one database transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(DSLContext ctx) throws SQLException;
    }

    /** Runs work in one READ COMMITTED database transaction, retrying deadlocks and write races. */
    <T> T inTransaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                int isolation = c.getTransactionIsolation();
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(false);
                try {
                    T result = work.run(DSL.using(c, dialect.sql, SETTINGS));
                    c.commit();
                    return result;
                } catch (Throwable e) {
                    rollback(c, e);
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
                    // a short random pause so that racing writers stop meeting at the same row
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 1_000_000L * (attempt + 1)));
                    continue;
                }
                throw failure(what, e);
            } catch (IllegalArgumentException | ArithmeticException e) {
                // a value this store cannot encode (a time or duration beyond the storable range): refused for good
                throw new StoreException(what + " failed: " + e.getMessage(), e, true);
            }
        }
    }

    /** Runs a read on a connection of its own, in auto-commit. */
    <T> T read(String what, Function<DSLContext, T> query) {
        try {
            return query.apply(DSL.using(dataSource, dialect.sql, SETTINGS));
        } catch (DataAccessException e) {
            throw failure(what, e);
        }
    }

    /**
     * A read whose statements are planned for their actual values on every call. On PostgreSQL,
     * pgjdbc prepares a statement on the server from its fifth execution on, and the server may then
     * switch to a generic plan that ignores the values; for a search whose selectivity depends on them
     * ({@code q=zebra} matches nothing, {@code q=card_declined} every sixteenth row) one shared plan
     * is wrong for one of the two: measured 3.2–3.4 s at 10 M rows through a host's pool, against
     * 0.1 ms for the plan made for the value. Here the statements run unnamed (pgjdbc's {@code
     * prepareThreshold} 0 on each statement), so PostgreSQL plans each execution with its values, at
     * the cost of planning (well under a millisecond for these queries). Other databases: as {@link
     * #read}, as on PostgreSQL through a driver other than pgjdbc.
     */
    <T> T readPlannedPerCall(String what, Function<DSLContext, T> query) {
        if (dialect != Dialect.POSTGRES || !PGJDBC) {
            return read(what, query);
        }
        try {
            return query.apply(DSL.using(dataSource, dialect.sql, SETTINGS)
                    .configuration()
                    .deriveAppending(PlanPerCall.LISTENER)
                    .dsl());
        } catch (DataAccessException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs a multi-statement read in one read-only REPEATABLE READ transaction, so that its pieces
     * (rollup levels and raw edges) see the same committed batches. On PostgreSQL the transaction
     * also gets {@code work_mem} = {@value #AGGREGATE_WORK_MEM} ({@code SET LOCAL}, this transaction
     * only): the planner cannot estimate how many zone days a folded hour range has and, with the
     * default 4 MB, sorted the rows on disk instead of hashing 248 groups (measured 110 vs 32–52 ms
     * at 10 M transactions).
     */
    <T> T snapshot(String what, Function<DSLContext, T> query) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            boolean readOnly = c.isReadOnly();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                DSLContext ctx = DSL.using(c, dialect.sql, SETTINGS);
                if (dialect == Dialect.POSTGRES) {
                    ctx.execute("SET LOCAL work_mem = '" + AGGREGATE_WORK_MEM + "'");
                }
                T result = query.apply(ctx);
                c.commit();
                return result;
            } catch (RuntimeException e) {
                rollback(c, e);
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

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
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

    /**
     * The failure as a {@link StoreException}: permanent for the data given when the dialect says the
     * database refused it ({@link Dialect#permanent}), transient otherwise.
     */
    private StoreException failure(String what, Exception e) {
        SQLException sql = sqlException(e);
        String state = sql == null || sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")";
        return new StoreException(what + " failed" + state, e, sql != null && dialect.permanent(sql));
    }

    /**
     * Turns PostgreSQL's JIT compilation off for the session, on every connection of a pool the store
     * builds. The store's queries are short: once pgjdbc prepares one on the server, a generic plan
     * whose estimated cost passes {@code jit_above_cost} compiles on every execution (measured 31 ms
     * for a 0.17 ms search). The error a server without the setting (PostgreSQL 10) raises is ignored.
     */
    static final String JIT_OFF =
            "DO $$BEGIN PERFORM set_config('jit', 'off', false);" + " EXCEPTION WHEN undefined_object THEN NULL; END$$";

    /**
     * A HikariCP pool for {@code url}. For PostgreSQL it sets {@code reWriteBatchedInserts=true} and
     * runs {@link #JIT_OFF} on each new connection, for MySQL/MariaDB {@code rewriteBatchedStatements=true}.
     */
    static HikariDataSource pool(String url, @Nullable String username, @Nullable String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (username != null) {
            config.setUsername(username);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("vedette-store");
        config.setMaximumPoolSize(size);
        if (url.startsWith("jdbc:postgresql:")) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.setConnectionInitSql(JIT_OFF);
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            config.addDataSourceProperty("rewriteBatchedStatements", "true");
        }
        return new HikariDataSource(config);
    }

    static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
    }

    /** An unnamed bind parameter of {@code f}'s type: a placeholder for {@link #executeBatch}. */
    static <T> Param<T> p(Field<T> f) {
        return val(null, f);
    }

    static List<Param<?>> params(List<Field<?>> cols) {
        List<Param<?>> out = new ArrayList<>(cols.size());
        for (Field<?> f : cols) {
            out.add(p(f));
        }
        return out;
    }

    static List<List<String>> chunks(Collection<String> ids) {
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
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                b.append(ESCAPE);
            }
            b.append(c);
        }
        return b.append('%').toString();
    }

    static Condition containsIgnoreCase(Field<String> f, String text) {
        return lower(f).like(val(containsPattern(text)), ESCAPE);
    }

    /**
     * Runs {@code template} once per row as one JDBC batch. jOOQ renders the statement for the dialect
     * once; the rows' values are bound as JDBC parameters (never into the SQL text), directly on the
     * {@code PreparedStatement}: jOOQ's per-value binding was measured at 40 % of a batch's time.
     */
    static void executeBatch(DSLContext ctx, Query template, List<Object[]> rows) {
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

    /** The rows after {@code cursor} in (time, key) descending order: the next keyset page. */
    static <K> Condition beyond(Cursor cursor, Field<Long> time, Field<K> key, K cursorKey) {
        return beyondKey(cursor, time, key, val(cursorKey, key));
    }

    /**
     * The rows after {@code cursor} in (time, key) descending order, {@code cursorKey} being the
     * cursor's key as the database compares it: {@code time <= ? AND (time, key) < (?, ?)}. Both parts
     * are index conditions on an index on (time, key): PostgreSQL uses the row comparison as the index
     * range, MySQL/MariaDB and H2 the redundant {@code time <= ?} (their planners do not range-scan a
     * row comparison), leaving only the rows that tie on the cursor's time to filter. The equivalent
     * {@code time < ? OR (time = ? AND key < ?)} is never an index condition: page k then re-filters
     * every row of the pages before it (measured 16.6 ms for page 95 against 0.35 ms at 10 M rows).
     */
    static <K> Condition beyondKey(Cursor cursor, Field<Long> time, Field<K> key, Field<K> cursorKey) {
        long at = Times.bound(cursor.time());
        return time.le(at).and(row(time, key).lt(val(at), cursorKey));
    }

    /** The numeric row id a cursor of {@code what} carries. */
    static long numericKey(Cursor cursor, String what) {
        try {
            return Long.parseLong(cursor.key());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("after must be a cursor from a previous page of " + what);
        }
    }

    /** A page of at most {@code limit} of {@code rows} (read with {@code limit + 1}), and the next cursor. */
    static <T> Page<T> page(List<T> rows, int limit, Function<T, Cursor> cursor) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursor.apply(items.get(limit - 1)).encode());
    }
}
