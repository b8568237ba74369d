package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.spring.EndpointStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in headless Chromium: login, KPIs, a hostile customer name shown as text, filters,
 * a timeline, alert actions updated live over SSE, every page, and a CSV download. Needs {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian packages {@code chromium} and {@code
 * chromium-driver}); without them it is skipped, or fails when {@code CI=true}. Screenshots go to
 * {@code target/screenshots/}.
 */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN, "vedette.dashboard.max-streams=8"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Shorter than the pages' 10 s polling fallback: an update seen within it came over SSE. */
    private static final Duration LIVE = Duration.ofSeconds(6);

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    EndpointStats endpointStats;

    private ChromeDriver driver;
    private HeadlessChromium browser;
    private AlertRecord alert;
    private final Path screenshots = Path.of("target", "screenshots");

    @BeforeAll
    void start() throws IOException {
        browser = HeadlessChromium.start();
        driver = browser.driver();
        alert = DashboardTestApp.seed(monitor);
        DashboardTestApp.seedRefused(monitor);
        Files.createDirectories(screenshots);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + "/vedette" + path;
    }

    private WebDriverWait await() {
        return new WebDriverWait(driver, WAIT);
    }

    private WebElement visible(String css) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void screenshot(String name) throws IOException {
        // toasts are transient; keep them out of the pictures
        driver.executeScript("var t = document.getElementById('toast'); if (t) t.replaceChildren();");
        Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private void open(String path) {
        driver.get(url(path));
        visible("#main h1");
    }

    @Test
    @Order(1)
    void loginShowsSeededKpis() throws IOException {
        driver.get(url("/"));
        await().until(ExpectedConditions.urlContains("/vedette/login"));
        screenshot("login");
        driver.findElement(By.id("token")).sendKeys(DashboardTestApp.TOKEN);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kpi-count .value"), "7"));
        assertThat(driver.findElement(By.cssSelector("#kpi-revenue .value")).getText())
                .contains("$123.99")
                .contains("€45.00");
        assertThat(driver.findElement(By.cssSelector("#kpi-success .value")).getText())
                .isEqualTo("66.7%");
        assertThat(driver.findElements(By.cssSelector("#lights [data-component=smtp] .dot.red")))
                .hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#lights [data-component=paypal] .dot.green")))
                .hasSize(1);
        assertThat(driver.findElements(By.cssSelector(".chart canvas"))).isNotEmpty();
        await().until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
        screenshot("overview");
    }

    @Test
    @Order(2)
    void hostileCustomerNameIsShownAsText() throws IOException {
        open("/transactions");
        WebElement row = visible("tr[data-id=txn-hostile]");
        assertThat(row.findElement(By.cssSelector("td.customer")).getText()).contains(DashboardTestApp.HOSTILE_NAME);
        assertThat(row.getText()).contains("<img src=x onerror=alert(2)>");
        assertThat(driver.findElements(By.cssSelector("#tx-table script, #tx-table img")))
                .isEmpty();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        screenshot("transactions");
    }

    @Test
    @Order(3)
    void filtersNarrowTheList() {
        open("/transactions");
        visible("tr[data-id=txn-ok-1]");
        new Select(driver.findElement(By.id("f-status"))).selectByValue("FAILED,ERROR");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        await().until(d -> d.getCurrentUrl().contains("status=FAILED%2CERROR")
                && d.findElements(By.cssSelector("#tx-table tbody tr[data-id]")).size() == 2);
        assertThat(driver.findElements(By.cssSelector("#tx-table tbody tr[data-id]")))
                .extracting(r -> r.getAttribute("data-id"))
                .containsExactlyInAnyOrder("txn-hostile", "txn-formula");
        assertThat(driver.findElement(By.id("csv-link")).getAttribute("href")).contains("status=FAILED%2CERROR");

        new Select(driver.findElement(By.id("f-status"))).selectByValue("");
        driver.findElement(By.id("f-email")).sendKeys("ada@example.com");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        await().until(d -> d.findElements(By.cssSelector("#tx-table tbody tr[data-id]"))
                                .size()
                        == 1
                && d.findElements(By.cssSelector("tr[data-id=txn-ok-1]")).size() == 1);
    }

    @Test
    @Order(4)
    void detailShowsTheWholeTimeline() throws IOException {
        open("/transactions");
        visible("tr[data-id=txn-timeline] a").click();
        await().until(d -> d.findElements(By.cssSelector("#timeline li")).size() == 3);
        String timeline = driver.findElement(By.id("timeline")).getText();
        assertThat(timeline)
                .contains("step created")
                .contains("step user_created")
                .contains("status COMPLETED");
        assertThat(driver.findElement(By.id("tx-detail")).getText())
                .contains("CAP-9")
                .contains("\"plan\": \"pro\"");
        screenshot("transaction-detail");
    }

    @Test
    @Order(5)
    void alertActionsUpdateLiveOverSse() throws IOException {
        open("/alerts");
        await().until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
        String row = "tr[data-alert='" + alert.id() + "']";
        visible(row + "[data-status=OPEN]");
        driver.findElement(By.cssSelector(row + " button[data-action=acknowledge]"))
                .click();
        visible(row + "[data-status=ACKNOWLEDGED]");
        assertThat(driver.findElement(By.cssSelector(row)).getText()).contains("acknowledged by dashboard-token");

        // a change made elsewhere (another admin, a rule recovering) reaches the open page over SSE
        monitor.alerts().resolve(alert.id(), "on-call-bot");
        new WebDriverWait(driver, LIVE).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row), 0));
        AlertRecord raised = monitor.raiseAlert(
                Alert.critical("Refund webhook backlog").component("webhooks").build());
        new WebDriverWait(driver, LIVE)
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr[data-alert='" + raised.id() + "'][data-status=OPEN]")));
        driver.findElement(By.cssSelector("tr[data-alert='" + raised.id() + "'] button[data-action=silence]"))
                .click();
        WebElement dialog = visible("dialog[open]");
        new Select(dialog.findElement(By.id("sil-min"))).selectByValue("240");
        dialog.findElement(By.id("sil-reason")).sendKeys("Backlog drains after the 09:00 deploy");
        dialog.findElement(By.cssSelector("button[value=ok]")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("silence-list"), "Backlog drains after the 09:00 deploy"));
        assertThat(monitor.alerts().silences())
                .singleElement()
                .satisfies(sil -> assertThat(sil.matchers()).containsEntry("component", "webhooks"));
        visible("#channel-table tr[data-channel=slack]");
        driver.findElement(By.cssSelector("#channel-table tr[data-channel=slack] button"))
                .click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#channel-table tr[data-channel=slack] .test-result"), "SENT"));
        screenshot("alerts");

        open("/alerts?state=all");
        visible(row + "[data-status=RESOLVED]");
        assertThat(driver.findElement(By.cssSelector(row)).getText()).contains("resolved by on-call-bot");
    }

    @Test
    @Order(6)
    void liveFeedShowsNewTransactions() {
        open("/transactions?view=live");
        visible("tr[data-id=txn-ok-1]");
        await().until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
        monitor.recordTransaction(Transaction.builder("txn-live-browser")
                .status(TransactionStatus.FAILED)
                .amount("3.50", "EUR")
                .customer("zoe@example.com", "Zoe")
                .error("CARD_EXPIRED", "Card expired")
                .build());
        WebElement row = new WebDriverWait(driver, LIVE)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-id=txn-live-browser]")));
        assertThat(row.getText()).contains("FAILED").contains("CARD_EXPIRED");
        assertThat(driver.findElements(By.cssSelector("#tx-table tbody tr[data-id]"))
                        .get(0)
                        .getAttribute("data-id"))
                .isEqualTo("txn-live-browser");
    }

    @Test
    @Order(7)
    void everyPageRenders() throws IOException {
        open("/health");
        visible("#lights [data-component=smtp]");
        // the history bar: smtp has only refused checks, paypal only good ones
        assertThat(driver.findElements(By.cssSelector("#lights [data-component=smtp] .history .tick-down")))
                .isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#lights [data-component=smtp] .history .tick-up")))
                .isEmpty();
        assertThat(driver.findElement(By.cssSelector("#lights [data-component=paypal] .history"))
                        .getAttribute("aria-label"))
                .matches("last \\d+ checks: \\d+ UP");
        screenshot("health");
        driver.findElement(By.cssSelector("#lights [data-component=paypal]")).click();
        await().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 1);
        assertThat(driver.findElement(By.id("main")).getText())
                .contains("Uptime 24 h")
                .contains("100.00%");
        assertThat(visible("#no-incidents").getText()).contains("No DOWN periods");
        screenshot("health-component");
        open("/health/smtp");
        assertThat(visible("#incidents tbody tr").getText())
                .contains("DOWN")
                .contains("so far")
                .contains("Connection refused");
        screenshot("health-incidents");

        endpointStats.reset();
        endpointStats.record("GET", "/api/orders/{id}", 200, Duration.ofMillis(40));
        for (int i = 0; i < 20; i++) {
            endpointStats.record("POST", "/api/checkout", i == 0 ? 502 : 200, Duration.ofMillis(1800));
        }
        open("/endpoints");
        WebElement slowRow = visible("#endpoints tr.slow");
        assertThat(slowRow.getAttribute("data-route")).isEqualTo("POST /api/checkout");
        assertThat(slowRow.getText()).contains("5.00%").contains("1800 ms");
        assertThat(driver.findElements(By.cssSelector("#endpoints tbody tr"))).hasSize(2);
        screenshot("endpoints");

        open("/errors");
        visible("#error-table button.link").click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#error-table pre"), "IllegalStateException"));
        visible("#log-table tbody tr");
        assertThat(driver.findElement(By.id("log-table")).getText())
                .contains("Capture failed " + DashboardTestApp.HOSTILE_NAME);
        assertThat(visible("#quarantine-table tbody tr").getText())
                .contains("transaction")
                .contains(DashboardTestApp.REFUSED_ID)
                .contains("SQLState 23514");
        screenshot("errors");

        open("/analytics");
        visible(".funnel");
        assertThat(driver.findElement(By.id("main")).getText())
                .contains("paypal")
                .contains("mollie")
                .contains("Funnel");
        screenshot("analytics");
        // twelve months: by hour is offered but disabled (8,761 points); by month redraws the page
        driver.findElement(By.linkText("12 months")).click();
        await().until(d -> d.getCurrentUrl().contains("days=365"));
        visible(".funnel");
        assertThat(driver.findElement(By.cssSelector("#a-interval option[value=HOUR]"))
                        .getAttribute("disabled"))
                .isNotNull();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("a-interval"))).selectByValue("MONTH");
        await().until(d -> d.getCurrentUrl().contains("interval=MONTH"));
        visible(".funnel");
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("a-interval")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("By month");

        open("/reports");
        visible("#report-csv");
        visible("#report-table tbody tr");
        assertThat(driver.findElement(By.id("report-table")).getText())
                .as("no channel of this app delivers reports")
                .contains("No report has been sent yet.");
        screenshot("reports");

        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        open("/");
        visible("#kpi-count");
        screenshot("overview-dark");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));

        driver.manage().window().setSize(new Dimension(390, 844));
        open("/");
        visible("#kpi-count");
        assertThat(driver.findElement(By.cssSelector(".menu-toggle")).isDisplayed())
                .isTrue();
        screenshot("overview-phone");
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(8)
    void csvDownloadsWithTheSessionCookie() throws Exception {
        String session =
                driver.manage().getCookieNamed(DashboardAccess.SESSION_COOKIE).getValue();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/api/reports/transactions.csv?status=FAILED,ERROR")))
                                .header("Cookie", DashboardAccess.SESSION_COOKIE + "=" + session)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<List<String>> rows = Csv.parse(r.body());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains("customer_email", "error_code");
        assertThat(rows.subList(1, 4))
                .extracting(row -> row.get(0))
                .containsExactlyInAnyOrder("txn-hostile", "txn-formula", "txn-live-browser");
    }
}
