package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static dev.vedette.jdbc.Sql.beyond;
import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.page;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Cursor;
import dev.vedette.store.DeliveryPlanner;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
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
 *
 * <p>Each table has a class of its own that this store delegates to; they share the connection,
 * transaction and retry plumbing of one {@code Sql}.
 */
public final class JdbcStore implements Store {
    /** The default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "vedette_";
    /** The default maximum size of a pool the store builds itself. */
    public static final int DEFAULT_POOL_SIZE = 5;

    /** The system property that sets the level of jOOQ's database-version notice. */
    static final String JOOQ_VERSION_NOTICE = "org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport";

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,20}");

    static {
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final Sql sql;
    private final Schema s;
    private final Dialect dialect;
    private final @Nullable HikariDataSource ownedPool;
    private final Clock clock;
    private final String prefix;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TransactionTable transactions;
    private final RollupTable rollups;
    private final HealthTable health;
    private final ErrorTable errors;
    private final LogTable logs;
    private final AtomicLong order = new AtomicLong();
    private final AuditLockTable auditAndLocks;
    private final Retention retention;

    private JdbcStore(Sql sql, @Nullable HikariDataSource ownedPool, Clock clock, String prefix) {
        this.sql = sql;
        this.s = sql.schema();
        this.dialect = sql.dialect();
        this.ownedPool = ownedPool;
        this.clock = clock;
        this.prefix = prefix;
        this.rollups = new RollupTable(sql);
        this.transactions = new TransactionTable(sql, new TransactionRows(sql.schema()), rollups);
        this.health = new HealthTable(sql);
        this.errors = new ErrorTable(sql);
        this.logs = new LogTable(sql);
        this.auditAndLocks = new AuditLockTable(sql);
        this.retention = new Retention(sql);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The database this store detected. */
    public String databaseType() {
        return sql.dialect().name();
    }

    /** The table prefix in use. */
    public String tablePrefix() {
        return prefix;
    }

    @Override
    public WriteResult write(WriteBatch batch) {
        if (batch.isEmpty()) {
            return WriteResult.EMPTY;
        }
        return sql.inTransaction("write", ctx -> {
            Instant recordedAt = clock.instant();
            List<TransactionChange> merged = batch.transactions().isEmpty()
                    ? List.of()
                    : transactions.write(ctx, batch.transactions(), recordedAt);
            if (!batch.healthReports().isEmpty()) {
                health.write(ctx, batch.healthReports());
            }
            if (!batch.logs().isEmpty()) {
                logs.write(ctx, batch.logs());
            }
            List<ErrorGroupChange> changes = batch.errors().isEmpty() ? List.of() : errors.write(ctx, batch.errors());
            return changes.isEmpty() && merged.isEmpty() ? WriteResult.EMPTY : new WriteResult(changes, merged);
        });
    }

    @Override
    public Optional<StoredTransaction> transaction(String id) {
        return transactions.transaction(id);
    }

    @Override
    public Page<StoredTransaction> searchTransactions(TransactionQuery query) {
        return transactions.searchTransactions(query);
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
        return rollups.aggregate(query);
    }

    @Override
    public List<HealthReport> healthSamples(String component, Instant from, Instant to, int limit) {
        return health.healthSamples(component, from, to, limit);
    }

    @Override
    public HealthStats healthStats(String component, Instant from, Instant to) {
        return health.healthStats(component, from, to);
    }

    @Override
    public void saveComponentState(ComponentState state) {
        health.saveComponentState(state);
    }

    @Override
    public List<ComponentState> componentStates() {
        return health.componentStates();
    }

    @Override
    public Optional<ComponentState> componentState(String component) {
        return health.componentState(component);
    }

    @Override
    public Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after) {
        return errors.errorGroups(statuses, limit, after);
    }

    @Override
    public Optional<ErrorGroup> errorGroup(String fingerprint) {
        return errors.errorGroup(fingerprint);
    }

    @Override
    public boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status) {
        return errors.setErrorGroupStatus(fingerprint, status);
    }

    @Override
    public Page<StoredLogEntry> searchLogs(LogQuery query) {
        return logs.searchLogs(query);
    }

    private long nextOrder() {
        long now = clock.millis() * 1000;
        return order.updateAndGet(prev -> Math.max(prev + 1, now));
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
    public AlertUpsert raiseAlert(AlertRecord candidate, DeliveryPlanner planner) {
        Schema.Alerts t = s.alerts;
        return sql.inTransaction("raise alert", ctx -> {
            for (int round = 0; ; round++) {
                Record r = ctx.select(t.fields())
                        .from(t.table)
                        .where(t.activeKey.eq(candidate.dedupKey()))
                        .forUpdate()
                        .fetchOne();
                if (r != null) {
                    AlertRecord previous = toAlert(r);
                    AlertRecord merged = previous.absorb(candidate);
                    List<Delivery> deliveries = planner.plan(merged, previous);
                    ctx.update(t.table)
                            .set(alertValues(merged))
                            .where(t.id.eq(previous.id()))
                            .execute();
                    insertDeliveries(ctx, deliveries);
                    return new AlertUpsert(merged, previous, deliveries);
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
                    List<Delivery> deliveries = planner.plan(candidate, null);
                    insertDeliveries(ctx, deliveries);
                    return new AlertUpsert(candidate, null, deliveries);
                }
                if (round >= 3) {
                    throw new StoreException("raise alert failed: could neither insert nor find the active alert");
                }
            }
        });
    }

    @Override
    public Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, DeliveryPlanner planner) {
        Schema.Alerts t = s.alerts;
        return sql.inTransaction("update alert", ctx -> {
            Record r = ctx.select(t.fields())
                    .from(t.table)
                    .where(t.id.eq(id))
                    .forUpdate()
                    .fetchOne();
            if (r == null) {
                return Optional.<AlertUpsert>empty();
            }
            AlertRecord previous = toAlert(r);
            AlertRecord changed = change.apply(previous);
            if (changed == null || changed.equals(previous)) {
                return Optional.<AlertUpsert>empty();
            }
            List<Delivery> deliveries = planner.plan(changed, previous);
            ctx.update(t.table).set(alertValues(changed)).where(t.id.eq(id)).execute();
            insertDeliveries(ctx, deliveries);
            return Optional.of(new AlertUpsert(changed, previous, deliveries));
        });
    }

    @Override
    public Optional<AlertRecord> alert(String id) {
        return sql.read(
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
        List<AlertRecord> rows = sql.read(
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
        sql.inTransaction("insert deliveries", ctx -> {
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
        return sql.inTransaction("claim deliveries", ctx -> {
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
        return sql.inTransaction(
                        "record delivery attempt",
                        ctx -> ctx.update(d.table)
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
        return sql.read(
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
        return sql.read("count deliveries", ctx -> {
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
        sql.inTransaction(
                "save silence",
                ctx -> ctx.insertInto(t.table)
                        .set(insert)
                        .onConflict(t.id)
                        .doUpdate()
                        .set(values)
                        .execute());
    }

    @Override
    public List<Silence> silences(Instant now) {
        Schema.Silences t = s.silences;
        return sql.read(
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
        return sql.inTransaction(
                        "delete silence",
                        ctx -> ctx.deleteFrom(s.silences.table)
                                .where(s.silences.id.eq(id))
                                .execute())
                > 0;
    }

    @Override
    public AuditEntry appendAudit(AuditEntry entry) {
        return auditAndLocks.appendAudit(entry);
    }

    @Override
    public Page<AuditEntry> audit(int limit, @Nullable String after) {
        return auditAndLocks.audit(limit, after);
    }

    @Override
    public boolean tryLock(String name, String owner, Instant now, Duration lease) {
        return auditAndLocks.tryLock(name, owner, now, lease);
    }

    @Override
    public void unlock(String name, String owner) {
        auditAndLocks.unlock(name, owner);
    }

    @Override
    public long erase(String customerEmail, String replacement) {
        return retention.erase(customerEmail, replacement);
    }

    @Override
    public long purge(Instant cutoff, int chunkSize) {
        return retention.purge(cutoff, chunkSize);
    }

    /**
     * {@code retries}: database transactions retried after a deadlock, serialization failure or lost
     * insert race (a rising rate means heavy contention between instances).
     */
    @Override
    public Map<String, Long> counters() {
        return Map.of("retries", sql.retries());
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
        return "JdbcStore[" + sql.dialect() + ", prefix=" + prefix + "]";
    }

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
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
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
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
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
                owned = Sql.pool(Objects.requireNonNull(jdbcUrl), username, password, poolSize);
                ds = owned;
            }
            try {
                return new JdbcStore(Migrations.open(ds, tablePrefix, migrate), owned, clock, tablePrefix);
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
    }
}
