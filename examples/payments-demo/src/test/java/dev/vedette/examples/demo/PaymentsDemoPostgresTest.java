package dev.vedette.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.TransactionQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo on PostgreSQL with the {@code postgres} profile: the profile's URL is the only database
 * setting (here pointed, through {@code VEDETTE_DEMO_POSTGRES_URL}'s property, at a fresh schema of
 * the local test server), no user name or password property is set, and a checkout lands in
 * PostgreSQL tables through Vedette's JDBC store.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.spool.directory=${java.io.tmpdir}/vedette-demo-pg-test-spool-${random.uuid}",
            "demo.traffic.enabled=false",
            "vedette.dashboard.token=test-token-0123456789"
        })
@ActiveProfiles("postgres")
class PaymentsDemoPostgresTest {
    private static final String SCHEMA = "vdemo_pg_test";
    private static final String SERVER =
            System.getProperty("vedette.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        // what the profile reads: ${VEDETTE_DEMO_POSTGRES_URL:jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
        registry.add("VEDETTE_DEMO_POSTGRES_URL", () -> SERVER + "&currentSchema=" + SCHEMA);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    SimulatedProvider provider;

    @Autowired
    DataSource dataSource;

    @Autowired
    org.springframework.core.env.Environment env;

    @Test
    void theProfileAloneRunsTheDemoOnPostgres() throws Exception {
        assertThat(env.getProperty("spring.datasource.username")).isNull();
        assertThat(env.getProperty("spring.datasource.password")).isNull();
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo(SERVER + "&currentSchema=" + SCHEMA);

        provider.declineRate(0);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/checkout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("email=pg%40example.com&amount=12.50&currency=EUR"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();

        List<StoredTransaction> found = monitor.transactions()
                .search(TransactionQuery.builder()
                        .customerEmail("pg@example.com")
                        .build())
                .items();
        assertThat(found).hasSize(1);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_schema(), version(), "
                        + "(SELECT count(*) FROM vedette_transactions WHERE customer_email = 'pg@example.com')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(SCHEMA);
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
            assertThat(rs.getLong(3)).isEqualTo(1);
        }
        assertThat(monitor.toString()).contains("store=JdbcStore");
    }
}
