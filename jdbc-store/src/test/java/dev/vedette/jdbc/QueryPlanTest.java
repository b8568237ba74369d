package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Cursor;
import dev.vedette.store.LogQuery;
import dev.vedette.store.TransactionQuery;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plans of the store's own page queries, on a database with {@value #ROWS} transactions and log
 * entries and fresh statistics: the SQL the store sends is captured at the JDBC boundary, run again
 * under the database's EXPLAIN ANALYZE, and the plan must read the page from an index range on the
 * keyset columns (rows read about the page size, not every row before the cursor) and, for each
 * dashboard filter, from that filter's index. The keyset form {@code time < ? OR (time = ? AND id < ?)}
 * fails these tests: no planner takes it as an index condition, so a deep page reads every row before
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryPlanTest {
    static final int ROWS = 40_000;
    /** A page of 50 with the keyset's ties reads far fewer rows than this; a scan reads thousands. */
    static final long FEW_ROWS = 200;

    private static final long BASE_NANOS = 1_700_000_000_000_000_000L;

    private TestDatabase db;
    private JdbcStore store;
    private final List<Captured> captured = new CopyOnWriteArrayList<>();

    /** One statement the store prepared and ran, with its bound values by parameter index. */
    record Captured(String sql, Map<Integer, Object> binds) {}

    /** The plan of a statement, as text, and the number of rows its scans read. */
    record Plan(String text, long rowsRead) {}

    abstract TestDatabase.Kind kind();

    /** {@code SELECT n} for n in 1..count, as a BIGINT column {@code n}. */
    abstract String numbers(int count);

    /** Runs {@code statement} under the database's EXPLAIN ANALYZE. */
    abstract Plan explain(Connection c, Captured statement) throws SQLException;

    /** True if {@code plan} reads through the index named {@code index} (with the store's table prefix). */
    abstract boolean usesIndex(Plan plan, String index);

    /** Asserts what the database can do for the free-text filter: an index on PostgreSQL, a documented scan elsewhere. */
    abstract void assertFreeText(Plan plan);

    /**
     * The most rows a first page filtered to {@code matching} rows may read: a page's worth where the
     * filter's index is read in the list's order, as PostgreSQL and MariaDB do.
     */
    long filteredReadLimit(int matching) {
        return FEW_ROWS;
    }

    @BeforeAll
    void seed() throws SQLException {
        db = TestDatabase.create(kind());
        store = JdbcStore.builder().dataSource(recording(db.dataSource())).build();
        String n = "n";
        String created = "(" + BASE_NANOS + " + (" + n + " - MOD(" + n + ", 2)) * 500000000)";
        String failed = "MOD(" + n + ", 10) = 1";
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO vedette_transactions (id, status_code, status_kind, status_at,"
                    + " customer_email, provider, payment_method, error_code, error_message, attempt,"
                    + " metadata, steps, created_at, last_event_at, updated_at, event_count)"
                    + " SELECT CONCAT('tx-', " + n + "),"
                    + " CASE WHEN MOD(" + n + ", 200) = 0 THEN 'PENDING' WHEN " + failed
                    + " THEN 'FAILED' ELSE 'COMPLETED' END,"
                    + " CASE WHEN MOD(" + n + ", 200) = 0 THEN 'PENDING' WHEN " + failed
                    + " THEN 'FAILED' ELSE 'SUCCEEDED' END, " + created + ","
                    + " CONCAT('Customer', MOD(" + n + ", 5000), '@Example.com'),"
                    + " CASE WHEN MOD(" + n + ", 500) = 0 THEN 'klarna' ELSE 'stripe' END,"
                    + " CASE WHEN MOD(" + n + ", 500) = 7 THEN 'ideal' ELSE 'card' END,"
                    + " CASE WHEN " + failed + " THEN 'card_declined' END,"
                    + " CASE WHEN " + failed + " THEN CONCAT('Card declined by the issuer, attempt ', " + n
                    + ") END, 1, '{}', '[]', " + created + ", " + created + ", " + created + ", 1"
                    + " FROM (" + numbers(ROWS) + ") numbers");
            st.executeUpdate("INSERT INTO vedette_logs (log_level, level_rank, component, message, details,"
                    + " occurred_at) SELECT 'INFO', 2, 'payments', CONCAT('entry ', " + n + "), '{}', " + created
                    + " FROM (" + numbers(ROWS) + ") numbers");
            switch (kind()) {
                case POSTGRES -> {
                    st.execute("ANALYZE vedette_transactions");
                    st.execute("ANALYZE vedette_logs");
                }
                case MARIADB -> {
                    st.execute("ANALYZE TABLE vedette_transactions");
                    st.execute("ANALYZE TABLE vedette_logs");
                }
                case H2 -> st.execute("ANALYZE");
            }
        }
    }

    @AfterAll
    void drop() {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The cursor of the row in the middle of the table: half the rows come before it. */
    private static String middleCursor() {
        long n = ROWS / 2 + 1;
        long nanos = BASE_NANOS + (n - n % 2) * 500_000_000L;
        return new Cursor(Instant.ofEpochSecond(0, nanos), "tx-" + n).encode();
    }

    private Plan planOf(Consumer<JdbcStore> call, String table) throws SQLException {
        captured.clear();
        call.accept(store);
        Captured page = captured.stream()
                .filter(x -> x.sql().toLowerCase(Locale.ROOT).startsWith("select")
                        && x.sql().toLowerCase(Locale.ROOT).contains(table))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the store ran no query on " + table + ": " + captured));
        try (Connection c = db.dataSource().getConnection()) {
            return explain(c, page);
        }
    }

    /** The plan of the store's transaction search for {@code query}, which must return {@code expected} items. */
    private Plan transactionsPlan(TransactionQuery query, int expected) throws SQLException {
        return planOf(s -> assertThat(s.searchTransactions(query).items()).hasSize(expected), "vedette_transactions");
    }

    @Test
    void aDeepTransactionPageIsAnIndexRangeOnCreatedAtAndId() throws SQLException {
        Plan plan = transactionsPlan(
                TransactionQuery.builder().limit(50).after(middleCursor()).build(), 50);

        assertThat(usesIndex(plan, "tx_created")).as(plan.text()).isTrue();
        assertThat(plan.rowsRead()).as(plan.text()).isLessThan(FEW_ROWS);
    }

    @Test
    void aDeepLogPageIsAnIndexRangeOnOccurredAtAndId() throws SQLException {
        String middle = new Cursor(Instant.ofEpochSecond(0, BASE_NANOS + ROWS / 2 * 500_000_000L), "20001").encode();
        Plan plan = planOf(
                s -> assertThat(s.searchLogs(new LogQuery(null, null, null, null, null, null, 50, middle))
                                .items())
                        .hasSize(50),
                "vedette_logs");

        assertThat(usesIndex(plan, "log_occurred")).as(plan.text()).isTrue();
        assertThat(plan.rowsRead()).as(plan.text()).isLessThan(FEW_ROWS);
    }

    @Test
    void theEmailFilterReadsTheLowerCasedEmailIndex() throws SQLException {
        Plan plan = transactionsPlan(
                TransactionQuery.builder()
                        .customerEmail("customer17@EXAMPLE.com")
                        .limit(50)
                        .build(),
                ROWS / 5000);

        assertThat(usesIndex(plan, "tx_email_lower")).as(plan.text()).isTrue();
        assertThat(plan.rowsRead()).as(plan.text()).isLessThan(FEW_ROWS);
    }

    @Test
    void theStatusFilterReadsTheStatusIndexAlsoOnADeepPage() throws SQLException {
        Plan first = transactionsPlan(
                TransactionQuery.builder()
                        .status(TransactionStatus.PENDING)
                        .limit(50)
                        .build(),
                50);
        Plan deep = transactionsPlan(
                TransactionQuery.builder()
                        .status(TransactionStatus.PENDING)
                        .limit(50)
                        .after(middleCursor())
                        .build(),
                50);

        assertThat(usesIndex(first, "tx_status")).as(first.text()).isTrue();
        assertThat(first.rowsRead()).as(first.text()).isLessThan(filteredReadLimit(ROWS / 200));
        assertThat(usesIndex(deep, "tx_status")).as(deep.text()).isTrue();
        assertThat(deep.rowsRead()).as(deep.text()).isLessThan(FEW_ROWS);
    }

    @Test
    void theProviderAndMethodFiltersReadTheirIndexes() throws SQLException {
        Plan provider = transactionsPlan(
                TransactionQuery.builder().provider("klarna").limit(50).build(), 50);
        Plan method = transactionsPlan(
                TransactionQuery.builder().paymentMethod("ideal").limit(50).build(), 50);

        assertThat(usesIndex(provider, "tx_provider")).as(provider.text()).isTrue();
        assertThat(provider.rowsRead()).as(provider.text()).isLessThan(FEW_ROWS);
        assertThat(usesIndex(method, "tx_method")).as(method.text()).isTrue();
        assertThat(method.rowsRead()).as(method.text()).isLessThan(FEW_ROWS);
    }

    @Test
    void theFreeTextFilterFindsSubstringsOfCodeAndMessage() throws SQLException {
        Plan none = planOf(
                s -> assertThat(s.searchTransactions(TransactionQuery.builder()
                                        .text("zebra")
                                        .limit(50)
                                        .build())
                                .items())
                        .isEmpty(),
                "vedette_transactions");
        assertThat(store.searchTransactions(TransactionQuery.builder()
                                .text("ISSUER, ATTEMPT 39991")
                                .build())
                        .items())
                .extracting(x -> x.id())
                .containsExactly("tx-39991");
        assertThat(store.searchTransactions(TransactionQuery.builder()
                                .text("D_DEC")
                                .limit(1)
                                .build())
                        .items())
                .extracting(x -> x.id())
                .containsExactly("tx-39991");

        assertFreeText(none);
    }

    /** A view of {@code target} that records every prepared statement the store runs, with its binds. */
    private DataSource recording(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, m, args) -> {
                    Object result = invoke(target, m, args);
                    if (m.getName().equals("getConnection")) {
                        Connection c = (Connection) result;
                        return Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p2, m2, a2) -> {
                                    Object r = invoke(c, m2, a2);
                                    if (m2.getName().equals("prepareStatement")
                                            && a2 != null
                                            && a2[0] instanceof String s) {
                                        return recordingStatement((PreparedStatement) r, s);
                                    }
                                    return r;
                                });
                    }
                    return result;
                });
    }

    private PreparedStatement recordingStatement(PreparedStatement target, String sql) {
        Map<Integer, Object> binds = new TreeMap<>();
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().startsWith("set")
                    && args != null
                    && args.length >= 2
                    && args[0] instanceof Integer index
                    && m.getParameterTypes()[0] == int.class) {
                binds.put(index, m.getName().equals("setNull") ? null : args[1]);
            }
            if (m.getName().equals("executeQuery") || m.getName().equals("execute")) {
                captured.add(new Captured(sql, new TreeMap<>(binds)));
            }
            return invoke(target, m, args);
        };
        return (PreparedStatement)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, h);
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Prepares {@code prefix + statement.sql()} with the statement's binds. */
    static PreparedStatement prepare(Connection c, String prefix, Captured statement) throws SQLException {
        PreparedStatement ps = c.prepareStatement(prefix + statement.sql());
        for (Map.Entry<Integer, Object> b : statement.binds().entrySet()) {
            ps.setObject(b.getKey(), b.getValue());
        }
        return ps;
    }

    static List<String> lines(java.sql.ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                if (columns > 1) {
                    line.append(rs.getMetaData().getColumnLabel(i)).append('=');
                }
                line.append(rs.getString(i)).append(i < columns ? " " : "");
            }
            out.add(line.toString());
        }
        return out;
    }
}
