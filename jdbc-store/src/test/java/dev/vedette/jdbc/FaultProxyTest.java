package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.jdbc.reliability.Waits;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.StoreException;
import dev.vedette.store.WriteBatch;
import dev.vedette.test.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault harness itself, against the real servers: through a {@link FaultProxy}, a {@link
 * JdbcStore} works while the proxy is open, fails with a {@link StoreException} (not a hang) while
 * it is cut or stalled, and works again once it is restored. Later reliability tests build on this.
 */
class FaultProxyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static WriteBatch one(String id) {
        return WriteBatch.ofTransactions(List.of(Transaction.builder(id)
                .status(TransactionStatus.COMPLETED)
                .amount("1.00", "EUR")
                .occurredAt(T0)
                .build()));
    }

    private static boolean writes(JdbcStore store, String id) {
        try {
            store.write(one(id));
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRES", "MARIADB"})
    void aCutOrStalledConnectionFailsTheCallAndTheStoreRecoversWhenTrafficFlowsAgain(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                FaultProxy proxy = FaultProxy.in(db.url);
                HikariDataSource pool = db.poolThrough(proxy, TIMEOUT);
                JdbcStore store = JdbcStore.builder().dataSource(pool).build()) {
            store.write(one("before"));
            assertThat(store.transaction("before")).isPresent();
            assertThat(proxy.accepted()).isPositive();

            proxy.cut();
            assertThatThrownBy(() -> store.write(one("during-cut"))).isInstanceOf(StoreException.class);

            proxy.restore();
            assertThat(Waits.until(Duration.ofSeconds(20), () -> writes(store, "after-cut")))
                    .as("the store writes again once the proxy is restored")
                    .isTrue();

            proxy.stall();
            assertThatThrownBy(() -> store.transaction("before"))
                    .as("a stalled server ends in the driver's timeout, not a hang")
                    .isInstanceOf(StoreException.class);

            proxy.restore();
            assertThat(Waits.until(Duration.ofSeconds(20), () -> writes(store, "after-stall")))
                    .isTrue();
            assertThat(store.transaction("during-cut")).isEmpty();
            assertThat(store.transaction("after-cut")).isPresent();
            assertThat(store.transaction("after-stall")).isPresent();
        }
    }
}
