package dev.vedette.analytics;

import static dev.vedette.analytics.Fixtures.store;
import static dev.vedette.analytics.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.TestClock;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.WriteBatch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDate DAY = LocalDate.of(2026, 3, 29); // 23 hours in Berlin
    static final String HOSTILE_TITLE = "<script>alert(1)</script>";

    InMemoryStore store;
    TestClock clock;
    Analytics analytics;

    static Instant utc(String t) {
        return Instant.parse(t);
    }

    static AlertRecord alert(String id, Severity severity, String title, Instant first) {
        return new AlertRecord(
                id,
                "key-" + id,
                severity,
                title,
                "message of " + id,
                "paypal",
                new TreeMap<>(),
                "test",
                AlertStatus.OPEN,
                1,
                first,
                first,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    void raise(AlertRecord a, @Nullable Instant ackAt, @Nullable Instant resolvedAt) {
        store.raiseAlert(RaisePlan.silent(a));
        if (ackAt != null || resolvedAt != null) {
            store.updateAlert(
                    a.id(),
                    r -> r.withLifecycle(
                            resolvedAt != null ? AlertStatus.RESOLVED : AlertStatus.ACKNOWLEDGED,
                            ackAt == null ? null : "ops",
                            ackAt,
                            resolvedAt == null ? null : "ops",
                            resolvedAt),
                    List.of());
        }
    }

    @BeforeEach
    void setUp() {
        store = store(
                tx("prev", TransactionStatus.COMPLETED, utc("2026-03-28T10:00:00Z"))
                        .amount("100.00", "EUR")
                        .customer("zed@example.com", null)
                        .provider("paypal")
                        .build(),
                tx("ok", TransactionStatus.COMPLETED, utc("2026-03-29T09:00:00Z"))
                        .amount("117.40", "EUR")
                        .customer("ada@example.com", null)
                        .provider("paypal")
                        .latency(Duration.ofMillis(180))
                        .build(),
                tx("ko", TransactionStatus.FAILED, utc("2026-03-29T10:00:00Z"))
                        .amount("20.00", "EUR")
                        .customer("bob@example.com", null)
                        .provider("paypal")
                        .error("INSTRUMENT_DECLINED", "<img src=x onerror=alert(2)>")
                        .build());
        raise(alert("crit", Severity.CRITICAL, HOSTILE_TITLE, utc("2026-03-29T08:00:00Z")), null, null);
        raise(
                alert("high", Severity.HIGH, "Error rate above 10%", utc("2026-03-29T10:00:00Z")),
                utc("2026-03-29T10:10:00Z"),
                utc("2026-03-29T10:30:00Z"));
        raise(alert("low", Severity.LOW, "Slow SMTP", utc("2026-03-29T11:00:00Z")), null, null);
        raise(alert("old", Severity.LOW, "Disk 80% full", utc("2026-03-28T11:00:00Z")), null, null);
        Instant t = utc("2026-03-29T10:00:00Z");
        store.write(new WriteBatch(
                List.of(),
                List.of(
                        HealthReport.up("smtp", Duration.ofMillis(20)).stampedAt(t),
                        HealthReport.up("smtp", Duration.ofMillis(20)).stampedAt(t.plusSeconds(60)),
                        HealthReport.up("smtp", Duration.ofMillis(20)).stampedAt(t.plusSeconds(120)),
                        HealthReport.down("smtp", Duration.ofMillis(900), "Connection refused")
                                .stampedAt(t.plusSeconds(180))),
                List.of(),
                List.of()));
        store.saveComponentState(new ComponentState("smtp", HealthStatus.UP, t, 0, 1, null, null));
        clock = new TestClock(utc("2026-03-30T06:00:00Z"));
        analytics = new Analytics(store, clock, BERLIN);
    }

    @Test
    void dailyReportHoldsTheDaysFiguresTrendAlertsAndUptime() {
        Report r = analytics.reports("Shop").daily(DAY);

        assertThat(r.period()).isEqualTo("2026-03-29");
        assertThat(r.kpis().totals().revenue(java.util.Currency.getInstance("EUR")))
                .isEqualByComparingTo("117.40");
        assertThat(r.comparison().revenue().values())
                .singleElement()
                .satisfies(c -> assertThat(c.format()).isEqualTo("+17.4 %"));
        assertThat(r.trend().points()).hasSize(23);
        assertThat(r.openAlertCount()).isEqualTo(3);
        assertThat(r.openAlerts()).extracting(AlertRecord::id).containsExactly("crit", "low", "old");
        assertThat(r.lowAlerts()).extracting(AlertRecord::id).containsExactly("low");
        assertThat(r.lowAlertCount()).isEqualTo(1);
        assertThat(r.alertStats().raised()).isEqualTo(3);
        assertThat(r.alertStats().meanTimeToAcknowledge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.alertStats().meanTimeToResolve()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.uptime())
                .singleElement()
                .satisfies(u -> assertThat(u.last24h()).isEqualTo(0.75));
    }

    @Test
    void renderedReportHasSubjectTextAndWellFormedEscapedHtml() throws Exception {
        Reports reports = analytics.reports("<i>Shop</i>");
        RenderedReport mail = reports.render(reports.daily(DAY));

        assertThat(mail.subject())
                .isEqualTo("[<i>Shop</i>] Daily report 2026-03-29: revenue 117.40 EUR (+17.4 %), success 50.0 %,"
                        + " 3 open alerts");

        assertThat(mail.text())
                .contains("Revenue: 117.40 EUR (+17.4 %)")
                .contains("Success rate: 50.0 % (-50.0 pp)")
                .contains("INSTRUMENT_DECLINED: 1 (100.0 %)")
                .contains("Open alerts (3)")
                .contains("[CRITICAL] " + HOSTILE_TITLE)
                .contains("smtp: 75.0 % / 75.0 % / 75.0 %")
                .contains("mean time to acknowledge 10 min, to resolve 30 min")
                .contains("Low-severity digest (1)\n  [LOW] Slow SMTP");

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(mail.html().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("img").getLength()).isZero();
        assertThat(doc.getElementsByTagName("i").getLength()).isZero();
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("<i>Shop</i> - daily report 2026-03-29");
        String body = doc.getElementsByTagName("body").item(0).getTextContent();
        assertThat(body)
                .contains(HOSTILE_TITLE)
                .contains("<img src=x onerror=alert(2)>")
                .contains("117.40 EUR")
                .contains("+17.4 %")
                .contains("INSTRUMENT_DECLINED")
                .contains("75.0 %")
                .contains("Low-severity digest (1)")
                .contains("Slow SMTP");
        assertThat(mail.html()).doesNotContainIgnoringCase("<script").doesNotContain("javascript:");
    }

    @Test
    void weeklyReportCoversTheIsoWeekWithDailyTrend() {
        Report r = analytics.reports("Shop").weekly(DAY);

        assertThat(r.kind()).isEqualTo(Report.Kind.WEEKLY);
        assertThat(r.period()).isEqualTo("2026-W13");
        assertThat(r.from())
                .isEqualTo(LocalDate.of(2026, 3, 23).atStartOfDay(BERLIN).toInstant());
        assertThat(r.trend().points()).hasSize(7);
        assertThat(r.kpis().totals().transactions()).isEqualTo(3);
        assertThat(analytics.reports("Shop").render(r).subject()).startsWith("[Shop] Weekly report 2026-W13: ");
    }

    @Test
    void yesterdayAndLastWeekFollowTheClock() {
        Reports reports = analytics.reports("Shop");

        assertThat(reports.yesterday().period()).isEqualTo("2026-03-29");
        assertThat(reports.lastWeek().period()).isEqualTo("2026-W13");
    }

    @Test
    void emptyStoreRendersWithoutFigures() {
        Analytics empty = new Analytics(new InMemoryStore(), clock, BERLIN);
        Reports reports = empty.reports("Shop");

        RenderedReport mail = reports.render(reports.daily(DAY));

        assertThat(mail.subject())
                .isEqualTo("[Shop] Daily report 2026-03-29: revenue none, success n/a, 0 open alerts");
        assertThat(mail.text()).contains("Top failure reasons\n  none");
    }

    @Test
    void productNameIsValidatedAndKeptOnOneLine() {
        assertThatThrownBy(() -> analytics.reports(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("productName must not be blank");
        Reports reports = analytics.reports("Shop\r\nBcc: x@example.com");

        assertThat(reports.render(reports.daily(DAY)).subject()).startsWith("[Shop  Bcc: x@example.com] Daily");
    }
}
