package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.analytics.Totals;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A retried batch stores the same transaction rows, on the JDBC store (H2): transactions are
 * upserts by id, so a client that did not see the answer can send the batch again.
 */
@SpringBootTest(
        classes = IngestTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.ingest.enabled=true",
            "vedette.dashboard.enabled=false",
            "vedette.store.type=jdbc",
            "spring.datasource.url=jdbc:h2:mem:ingest-idempotency;DB_CLOSE_DELAY=-1",
            "vedette.ingest.keys[0].name=retrying-client",
            "vedette.ingest.keys[0].key=" + IngestTestApp.INGEST_KEY
        })
class IngestIdempotencyJdbcTest {
    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    DataSource dataSource;

    @Autowired
    Store store;

    @Test
    void aRetriedBatchGivesTheSameStoredRowsAndCountsOnce() {
        assertThat(store).isInstanceOf(JdbcStore.class);
        String batch = """
                [{"id": "idem-1", "status": "COMPLETED", "amount": "19.99", "currency": "USD",
                  "customer": {"email": "ada@example.com", "name": "Ada"}, "provider": "paypal",
                  "orderId": "ORD-1", "occurredAt": "2026-12-03T09:00:00Z"},
                 {"id": "idem-2", "status": "FAILED", "amount": 5, "currency": "EUR",
                  "error": {"code": "DECLINED", "message": "card declined"}, "occurredAt": "2026-12-03T09:01:00Z"},
                 {"id": "idem-3", "status": "PENDING", "step": "user_created", "occurredAt": "2026-12-03T09:02:00Z"}]""";
        IngestClient client = new IngestClient(port);
        assertThat(client.post("/transactions", IngestTestApp.INGEST_KEY, batch).status())
                .isEqualTo(202);
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
        List<List<Object>> first = rows();
        Totals totalsFirst = totals();

        IngestClient.Reply retry = client.post("/transactions", IngestTestApp.INGEST_KEY, batch);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("accepted").intValue()).isEqualTo(3);
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(rows()).isEqualTo(first);
        assertThat(totals()).isEqualTo(totalsFirst);
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject("SELECT COUNT(*) FROM vedette_transactions WHERE id LIKE 'idem-%'", Long.class))
                .isEqualTo(3);
    }

    /** Every stored field of the three transactions but the arrival bookkeeping (updatedAt, eventCount, timeline). */
    private List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (String id : List.of("idem-1", "idem-2", "idem-3")) {
            StoredTransaction t = monitor.transactions().get(id).orElseThrow();
            List<Object> row = new ArrayList<>();
            row.add(t.status().code());
            row.add(t.statusAt());
            row.add(String.valueOf(t.money()));
            row.add(String.valueOf(t.customerEmail()));
            row.add(String.valueOf(t.customerName()));
            row.add(String.valueOf(t.provider()));
            row.add(String.valueOf(t.providerOrderId()));
            row.add(String.valueOf(t.errorCode()));
            row.add(String.valueOf(t.errorMessage()));
            row.add(t.attempt());
            row.add(t.metadata());
            row.add(t.steps());
            row.add(t.createdAt());
            row.add(t.lastEventAt());
            row.add(String.valueOf(t.completedAt()));
            rows.add(row);
        }
        return rows;
    }

    private Totals totals() {
        Instant at = Instant.parse("2026-12-03T00:00:00Z");
        return monitor.analytics().totals(at, at.plus(Duration.ofDays(1)));
    }
}
