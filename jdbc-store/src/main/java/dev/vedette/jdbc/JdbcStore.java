package dev.vedette.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ApiKey;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredReport;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;
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

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,20}");

    private final Sql sql;
    private final Clock clock;
    private final String prefix;
    private final TransactionTable transactions;
    private final RollupTable rollups;
    private final FiguresReader figures;
    private final HealthTable health;
    private final ErrorTable errors;
    private final LogTable logs;
    private final DeliveryTable deliveries;
    private final ReportTable reports;
    private final AlertTable alerts;
    private final AuditLockTable auditAndLocks;
    private final ApiKeyTable apiKeys;
    private final Retention retention;

    /** The store's database plumbing, for the checks of this package's tests. */
    Sql sql() {
        return sql;
    }

    private JdbcStore(Sql sql, Clock clock, String prefix) {
        this.sql = sql;
        this.clock = clock;
        this.prefix = prefix;
        this.rollups = new RollupTable(sql);
        this.figures = new FiguresReader(sql);
        this.transactions = new TransactionTable(sql, new TransactionRows(sql.schema()), rollups);
        this.health = new HealthTable(sql);
        this.errors = new ErrorTable(sql);
        this.logs = new LogTable(sql);
        this.deliveries = new DeliveryTable(sql, clock);
        this.alerts = new AlertTable(sql, deliveries);
        this.reports = new ReportTable(sql, deliveries);
        this.auditAndLocks = new AuditLockTable(sql);
        this.apiKeys = new ApiKeyTable(sql);
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
            List<TransactionChange> merged = transactions.write(ctx, batch.transactions(), clock.instant());
            health.write(ctx, batch.healthReports());
            logs.write(ctx, batch.logs());
            List<ErrorGroupChange> changes = errors.write(ctx, batch.errors());
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

    /**
     * Answered in the database, in one read-only transaction: transaction and paid counts from the
     * rollups; distinct customers ({@code count(DISTINCT lower(customer_email))}) and step counts,
     * when asked, from one aggregate statement over the range's rows; failures, when asked, from one
     * grouped statement and one single-row statement per error code for its newest message. A funnel
     * of only {@code created} and {@code completed} touches no transaction row. Lower-casing is the
     * database's {@code lower()}.
     */
    @Override
    public TransactionFigures transactionFigures(FiguresQuery query) {
        return figures.figures(query);
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

    @Override
    public AlertUpsert raiseAlert(RaisePlan plan) {
        return alerts.raiseAlert(plan);
    }

    @Override
    public Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> planned) {
        return alerts.updateAlert(id, change, planned);
    }

    @Override
    public Optional<AlertRecord> alert(String id) {
        return alerts.alert(id);
    }

    @Override
    public Page<AlertRecord> searchAlerts(AlertQuery query) {
        return alerts.searchAlerts(query);
    }

    @Override
    public void saveSilence(Silence silence) {
        alerts.saveSilence(silence);
    }

    @Override
    public List<Silence> silences(Instant now) {
        return alerts.silences(now);
    }

    @Override
    public boolean deleteSilence(String id) {
        return alerts.deleteSilence(id);
    }

    @Override
    public void upsertAlerts(List<AlertRecord> list, List<Delivery> planned) {
        alerts.upsertAlerts(list, planned);
    }

    @Override
    public void insertDeliveries(List<Delivery> list) {
        deliveries.insertDeliveries(list);
    }

    @Override
    public List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        return deliveries.claimDueDeliveries(now, limit, owner, claimUntil);
    }

    @Override
    public boolean recordAttempt(Delivery attempted, String owner) {
        return deliveries.recordAttempt(attempted, owner);
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return deliveries.deliveries(alertId);
    }

    @Override
    public Map<DeliveryState, Long> deliveryCounts() {
        return deliveries.deliveryCounts();
    }

    @Override
    public boolean planReport(StoredReport report, List<Delivery> planned) {
        return reports.planReport(report, planned);
    }

    @Override
    public Optional<StoredReport> report(String id) {
        return reports.report(id);
    }

    @Override
    public Page<StoredReport> reports(int limit, @Nullable String after) {
        return reports.reports(limit, after);
    }

    @Override
    public void saveApiKey(ApiKey key) {
        apiKeys.save(key);
    }

    @Override
    public List<ApiKey> apiKeys() {
        return apiKeys.all();
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
        sql.close();
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
         * {@code reWriteBatchedInserts=true} and turns JIT off on its connections ({@code jit=off}: the
         * store's queries are short, and a JIT-compiled generic plan costs them tens of milliseconds),
         * for MySQL/MariaDB {@code rewriteBatchedStatements=true}.
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
            HikariDataSource owned =
                    dataSource == null ? Sql.pool(Objects.requireNonNull(jdbcUrl), username, password, poolSize) : null;
            Sql sql = Migrations.open(
                    owned == null ? Objects.requireNonNull(dataSource) : owned, owned, tablePrefix, migrate);
            return new JdbcStore(sql, clock, tablePrefix);
        }
    }
}
