package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.Severity;
import dev.vedette.test.RecordingNotifier;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every numeric, date and enum parameter of the dashboard's list and CSV endpoints, fed odd input
 * over HTTP, against a {@link JdbcStore} on H2: a bad value answers 400 with a sentence that names
 * the parameter and the value, never 500 and never a raw Java or SQL message; exponent forms of
 * amounts are accepted and filter like their plain forms.
 */
@SpringBootTest(
        classes = DashboardParamsHttpTest.JdbcApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardParamsHttpTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The dashboard test app, but on a JdbcStore over H2, where bad bounds used to reach the SQL. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            exclude = {
                SecurityAutoConfiguration.class,
                UserDetailsServiceAutoConfiguration.class,
                ServletWebSecurityAutoConfiguration.class,
                SecurityFilterAutoConfiguration.class,
                ManagementWebSecurityAutoConfiguration.class
            })
    static class JdbcApp {
        @Bean
        RecordingNotifier slack() {
            return new RecordingNotifier("slack");
        }

        @Bean(destroyMethod = "close")
        Monitor monitor(RecordingNotifier slack) {
            String db = "params_" + UUID.randomUUID().toString().replace("-", "");
            return Monitor.builder()
                    .store(JdbcStore.builder()
                            .jdbcUrl("jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1")
                            .build())
                    .notifier(slack)
                    .route(Severity.CRITICAL, "slack")
                    .build();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void seed() {
        DashboardTestApp.seed(monitor);
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette" + path))
                        .header("Authorization", "Bearer " + DashboardTestApp.TOKEN)
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final List<String> TRANSACTION_LISTS = List.of("/api/transactions", "/api/reports/transactions.csv");

    static Stream<Arguments> badTransactionFilters() {
        String longStatus = "S".repeat(40);
        return TRANSACTION_LISTS.stream()
                .flatMap(path -> Stream.of(
                        Arguments.of(path, "min", "abc"),
                        Arguments.of(path, "min", "1e2x"),
                        Arguments.of(path, "min", "NaN"),
                        Arguments.of(path, "min", "Infinity"),
                        Arguments.of(path, "min", "0x10"),
                        Arguments.of(path, "min", "1,5"),
                        Arguments.of(path, "min", "1 000"),
                        Arguments.of(path, "min", "١٢"),
                        Arguments.of(path, "min", "1e99999999999"),
                        Arguments.of(path, "min", "1e30"),
                        Arguments.of(path, "max", "-1e27"),
                        Arguments.of(path, "max", "--1"),
                        Arguments.of(path, "from", "yesterday"),
                        Arguments.of(path, "from", "2026-02-30"),
                        Arguments.of(path, "from", "2026-13-01"),
                        Arguments.of(path, "from", "2026-11-23T10:00"),
                        Arguments.of(path, "to", "+99999-01-01T00:00:00Z"),
                        Arguments.of(path, "to", "-0001-01-01T00:00:00Z"),
                        Arguments.of(path, "status", "BOGUS"),
                        Arguments.of(path, "status", "<script>"),
                        Arguments.of(path, "status", longStatus),
                        Arguments.of(path, "currency", "EURO"),
                        Arguments.of(path, "currency", "€"),
                        Arguments.of("/api/transactions", "limit", "abc"),
                        Arguments.of("/api/transactions", "limit", "1.5"),
                        Arguments.of("/api/transactions", "limit", "99999999999"),
                        Arguments.of("/api/transactions", "limit", "0"),
                        Arguments.of("/api/transactions", "after", "not-a-cursor")));
    }

    @ParameterizedTest(name = "{0}?{1}={2}")
    @MethodSource("badTransactionFilters")
    void badTransactionFilterAnswers400NamingParameterAndValue(String path, String param, String value)
            throws Exception {
        assertBadRequest(path + "?" + param + "=" + q(value), param, value);
    }

    static Stream<Arguments> badListParameters() {
        return Stream.of(
                Arguments.of("/api/errors", "status", "BOGUS"),
                Arguments.of("/api/errors", "limit", "abc"),
                Arguments.of("/api/errors", "limit", "-1"),
                Arguments.of("/api/errors", "after", "%%%"),
                Arguments.of("/api/logs", "after", "bm90LWEtY3Vyc29y"),
                Arguments.of("/api/alerts", "after", "x"),
                Arguments.of("/api/audit", "after", "::"),
                Arguments.of("/api/logs", "level", "LOUD"),
                Arguments.of("/api/logs", "from", "noon"),
                Arguments.of("/api/logs", "to", "2026-02-30"),
                Arguments.of("/api/logs", "limit", "2e1"),
                Arguments.of("/api/alerts", "state", "maybe"),
                Arguments.of("/api/alerts", "severity", "SEVERE"),
                Arguments.of("/api/alerts", "limit", "abc"),
                Arguments.of("/api/audit", "limit", "ten"),
                Arguments.of("/api/analytics", "days", "abc"),
                Arguments.of("/api/analytics", "days", "1e2"),
                Arguments.of("/api/analytics", "days", "0"),
                Arguments.of("/api/analytics", "interval", "FORTNIGHT"),
                Arguments.of("/api/health/paypal", "hours", "abc"),
                Arguments.of("/api/health/paypal", "hours", "99999"),
                Arguments.of("/api/health/paypal", "limit", "x"),
                Arguments.of("/api/reports/daily.csv", "from", "abc"),
                Arguments.of("/api/reports/daily.csv", "to", "2026-02-30"),
                Arguments.of("/api/reports/daily.csv", "from", "+99999-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}?{1}={2}")
    @MethodSource("badListParameters")
    void badListParameterAnswers400NamingParameterAndValue(String path, String param, String value) throws Exception {
        assertBadRequest(path + "?" + param + "=" + q(value), param, value);
    }

    private void assertBadRequest(String pathAndQuery, String param, String value) throws Exception {
        for (String accept : List.of("application/json", "text/csv, */*;q=0.1", "*/*")) {
            HttpResponse<String> r = get(pathAndQuery, accept);
            assertThat(r.statusCode())
                    .as("%s with Accept %s: %s", pathAndQuery, accept, r.body())
                    .isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            String error = body.get("error").asString();
            assertThat(error)
                    .as(pathAndQuery)
                    .startsWith(param + " ")
                    .contains("'" + (value.length() > 64 ? value.substring(0, 61) : value))
                    .doesNotContain("For input string")
                    .doesNotContain("Exception")
                    .doesNotContain("Failed to convert")
                    .doesNotContainIgnoringCase("sql");
            assertThat(body.get("status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void crossedBoundsAnswer400() throws Exception {
        HttpResponse<String> amounts = get("/api/transactions?min=1e2&max=5E1", "application/json");
        assertThat(amounts.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(amounts.body()).get("error").asString())
                .isEqualTo("min must not be greater than max, was 100 > 50");
        HttpResponse<String> dates = get("/api/reports/transactions.csv?from=2026-12-02&to=2026-12-01", "*/*");
        assertThat(dates.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(dates.body()).get("error").asString())
                .isEqualTo("from must be before to, was '2026-12-02' and '2026-12-01'");
        HttpResponse<String> daily = get("/api/reports/daily.csv?from=2026-12-02&to=2026-11-01", "*/*");
        assertThat(daily.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(daily.body()).get("error").asString())
                .isEqualTo("from must be before to, was '2026-12-02' and '2026-11-01'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "from=2026-11-23T10:00:00%2B01:00",
                "from=0001-01-01&to=9999-12-31",
                "to=2999-01-01T00:00:00Z",
                "status=completed,failed",
                "currency=usd"
            })
    void documentedFormsAreAccepted(String query) throws Exception {
        assertThat(get("/api/transactions?" + query, "application/json").statusCode())
                .isEqualTo(200);
        assertThat(get("/api/reports/transactions.csv?" + query, "text/csv").statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "min={0} max={1}")
    @CsvSource(
            delimiter = ';',
            nullValues = "-",
            value = {
                "1e1;   -;     txn-eur-1,txn-pending,txn-timeline,txn-ok-1,txn-hostile",
                "1E1;   -;     txn-eur-1,txn-pending,txn-timeline,txn-ok-1,txn-hostile",
                "5E1;   -;     txn-timeline",
                "1e18;  -;     ''",
                "1e25;  -;     ''",
                "-;     1e1;   txn-ok-2,txn-formula",
                "-;     5.0E0; txn-ok-2,txn-formula",
                "+19.99; 0.03E3; txn-ok-1,txn-pending",
                "19.990000001; 99; txn-eur-1,txn-pending,txn-timeline",
                "-1e2;  .5E1;  txn-ok-2,txn-formula",
                "0.00001; 1.00001; txn-formula",
                "-;     -1e-9; ''"
            })
    void exponentAndLongDecimalAmountsFilterLikeTheirPlainForm(String min, String max, String expected)
            throws Exception {
        String query = (min == null ? "" : "min=" + q(min))
                + (min != null && max != null ? "&" : "")
                + (max == null ? "" : "max=" + q(max));
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        HttpResponse<String> list = get("/api/transactions?" + query, "application/json");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> ids = JSON.readTree(list.body())
                .get("items")
                .valueStream()
                .map(t -> t.get("id").asString())
                .toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(want);

        HttpResponse<String> csv = get("/api/reports/transactions.csv?" + query, "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        List<List<String>> rows = Csv.parse(csv.body());
        assertThat(rows.subList(1, rows.size()))
                .extracting(row -> row.get(0))
                .containsExactlyInAnyOrderElementsOf(want);
    }
}
