package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.StoredReport;
import dev.vedette.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Part of the {@link StoreContractTest}: rendered reports, planned once per period with their deliveries. */
abstract class ReportStoreContract extends MaintenanceStoreContract {

    /** A daily report of {@code day}, created at {@code at}. */
    protected static StoredReport dailyReport(String day, Instant at) {
        return new StoredReport(
                "DAILY",
                day,
                "[Shop] Daily report " + day,
                "Revenue 12.00 EUR \u20ac, caf\u00e9",
                "<p>Revenue <b>12.00</b> EUR</p>",
                at);
    }

    private static List<Delivery> deliveriesOf(StoredReport r, Instant at, String... channels) {
        List<Delivery> out = new ArrayList<>();
        for (String c : channels) {
            out.add(Delivery.pending(r.deliveryId(c), r.id(), c, DeliveryKind.REPORT, at));
        }
        return out;
    }

    @Test
    void aPlannedReportIsStoredWithItsDeliveriesAndReadBackExactly() {
        StoredReport r = dailyReport("2026-03-01", at(5));

        assertThat(store.planReport(r, deliveriesOf(r, at(5), "email", "ops-mail")))
                .isTrue();

        assertThat(store.report(r.id())).contains(r);
        assertThat(store.deliveries(r.id()))
                .extracting(Delivery::channel, Delivery::kind, Delivery::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("email", DeliveryKind.REPORT, DeliveryState.PENDING),
                        org.assertj.core.groups.Tuple.tuple("ops-mail", DeliveryKind.REPORT, DeliveryState.PENDING));
        assertThat(store.claimDueDeliveries(at(6), 10, "node-a", at(60)))
                .extracting(Delivery::alertId)
                .containsOnly(r.id());
        assertThat(store.report("report:daily:1999-01-01")).isEmpty();
    }

    @Test
    void aReportForAPeriodAlreadyPlannedIsNotPlannedAgainNorAreItsDeliveries() {
        StoredReport first = dailyReport("2026-03-01", at(5));
        StoredReport again = new StoredReport("DAILY", "2026-03-01", "other subject", "other", "<p>other</p>", at(9));
        store.planReport(first, deliveriesOf(first, at(5), "email"));

        assertThat(store.planReport(
                        again, List.of(Delivery.pending("other-id", again.id(), "email", DeliveryKind.REPORT, at(9)))))
                .isFalse();

        assertThat(store.report(first.id())).contains(first);
        assertThat(store.deliveries(first.id())).extracting(Delivery::id).containsExactly(first.deliveryId("email"));
    }

    @Test
    void concurrentPlannersOfOnePeriodStoreItExactlyOnce() throws Exception {
        StoredReport r = dailyReport("2026-03-02", at(5));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> planners = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                planners.add(() -> store.planReport(r, deliveriesOf(r, at(5), "email")));
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(planners)) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.deliveries(r.id())).hasSize(1);
    }

    @Test
    void reportsAreListedNewestFirstInPages() {
        for (int i = 1; i <= 5; i++) {
            StoredReport r = dailyReport("2026-03-0" + i, at(i * 60L));
            store.planReport(r, deliveriesOf(r, at(i * 60L), "email"));
        }
        StoredReport weekly = new StoredReport("WEEKLY", "2026-W10", "Weekly", "t", "<p>h</p>", at(300));
        store.planReport(weekly, List.of());

        Page<StoredReport> first = store.reports(3, null);
        assertThat(first.items())
                .extracting(StoredReport::id)
                .containsExactly("report:weekly:2026-W10", "report:daily:2026-03-05", "report:daily:2026-03-04");
        assertThat(first.nextCursor()).isNotNull();
        Page<StoredReport> second = store.reports(3, first.nextCursor());
        assertThat(second.items())
                .extracting(StoredReport::period)
                .containsExactly("2026-03-03", "2026-03-02", "2026-03-01");
        assertThat(second.nextCursor()).isNull();
        assertThatThrownBy(() -> store.reports(0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void purgeRemovesOldReportsWhoseDeliveriesAreFinalWithThoseDeliveries() {
        StoredReport sent = dailyReport("2026-03-01", at(0));
        StoredReport pending = dailyReport("2026-03-02", at(1));
        StoredReport recent = dailyReport("2026-03-03", at(7200));
        store.planReport(sent, deliveriesOf(sent, at(0), "email"));
        store.planReport(pending, deliveriesOf(pending, at(1), "email"));
        store.planReport(recent, deliveriesOf(recent, at(7200), "email"));
        Delivery claimed = store.claimDueDeliveries(at(2), 10, "node-a", at(60)).stream()
                .filter(d -> d.alertId().equals(sent.id()))
                .findFirst()
                .orElseThrow();
        store.recordAttempt(claimed.attempted(DeliveryState.SENT, at(3), null, at(3)), "node-a");

        store.purge(at(0).plus(Duration.ofHours(1)), 1);

        assertThat(store.report(sent.id())).isEmpty();
        assertThat(store.deliveries(sent.id())).isEmpty();
        assertThat(store.report(pending.id()))
                .as("a report still being delivered is kept")
                .isPresent();
        assertThat(store.report(recent.id())).isPresent();
    }
}
