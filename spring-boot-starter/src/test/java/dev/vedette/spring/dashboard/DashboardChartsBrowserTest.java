package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a browser that runs in another time zone (Los Angeles) than the business
 * (Tokyo): charts and timestamps are drawn in the business zone and name it; revenue shows every
 * currency; uptime windows the data does not reach show "—" and the covered period; the Health
 * page's overall dot is round; alerts that share a title differ in their row. Screenshots go to
 * {@code target/screenshots/}.
 */
@SpringBootTest(
        classes = DashboardZoneTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardChartsBrowserTest {
    private static final String BROWSER_ZONE = "America/Los_Angeles";

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private HeadlessChromium browser;
    private ChromeDriver driver;
    private final Path screenshots = Path.of("target", "screenshots");

    @BeforeAll
    void start() throws IOException {
        browser = HeadlessChromium.start();
        driver = browser.driver();
        DashboardZoneTestApp.seed(monitor);
        Files.createDirectories(screenshots);
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", BROWSER_ZONE));
        driver.get(url("/"));
        await().until(ExpectedConditions.urlContains("/vedette/login"));
        driver.findElement(By.id("token")).sendKeys(DashboardTestApp.TOKEN);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#kpi-count")));
        assertThat(driver.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone"))
                .as("the browser runs in another zone than the business")
                .isEqualTo(BROWSER_ZONE);
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
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    private WebElement visible(String css) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Puts the cursor of the n-th chart on the point at {@code epochSecond} and returns the legend's time. */
    private String legendTimeAt(int chart, long epochSecond) {
        return (String) driver.executeScript("""
                var box = document.querySelectorAll('.chart')[arguments[0]];
                var u = box.uplot;
                var i = u.data[0].indexOf(arguments[1]);
                if (i < 0) return 'no point at ' + arguments[1] + ' in ' + u.data[0].join(',');
                u.setCursor({ left: u.valToPos(u.data[0][i], 'x'), top: 5 });
                return box.querySelector('.u-legend .u-series:first-child .u-value').textContent;
                """, chart, epochSecond);
    }

    private List<String> legendLabels(int chart) {
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('.chart')[arguments[0]]"
                        + ".querySelectorAll('.u-legend .u-series .u-label')).map(function (e) { return e.textContent; });",
                chart);
        return labels;
    }

    @Test
    void dailyBucketIsLabelledWithItsBusinessDate() throws IOException {
        driver.get(url("/analytics?days=7"));
        await().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2);
        long dec3 = DashboardZoneTestApp.DEC_3_TOKYO_START.getEpochSecond();
        // chart 0 is revenue, chart 1 the volume; both draw the bucket of 3 December at Tokyo's midnight
        assertThat(legendTimeAt(1, dec3)).isEqualTo("2026-12-03 00:00");
        assertThat(legendTimeAt(0, dec3)).isEqualTo("2026-12-03 00:00");
        assertThat(legendLabels(1)).first().isEqualTo("Asia/Tokyo");
        assertThat(driver.findElements(By.cssSelector(".chart")))
                .allSatisfy(c -> assertThat(c.getAttribute("aria-label")).contains("times in Asia/Tokyo"));
        screenshot("charts-analytics-tokyo");
    }

    @Test
    void hourlyTrendAndTimestampsAreInTheBusinessZone() throws IOException {
        driver.get(url("/"));
        await().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2);
        long oneAm = DashboardZoneTestApp.DEC_3_TOKYO_1AM.getEpochSecond();
        assertThat(legendTimeAt(0, oneAm)).isEqualTo("2026-12-03 01:00");
        screenshot("charts-overview-tokyo");

        driver.get(url("/transactions"));
        WebElement row = visible("tr[data-id=tx-usd]");
        String created = row.findElement(By.cssSelector("td")).getText();
        assertThat(created).contains("Dec 03, 2026").contains("01:00:00").contains("GMT+9");
    }

    @Test
    void revenuePerHourShowsEveryCurrency() {
        driver.get(url("/"));
        await().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2);
        assertThat(legendLabels(1)).containsExactly("Asia/Tokyo", "EUR", "GBP", "USD");

        driver.get(url("/analytics?days=7"));
        await().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2);
        WebElement picker = visible("#a-currency");
        assertThat(picker.findElements(By.tagName("option")))
                .extracting(WebElement::getText)
                .containsExactly("EUR", "GBP", "USD");
        new Select(picker).selectByValue("USD");
        await().until(d -> legendLabels(0).contains("current (USD)"));
    }

    @Test
    void uptimeShowsOnlyCoveredWindowsAndTheCoveredPeriod() throws IOException {
        driver.get(url("/health"));
        WebElement paypal = visible("#lights [data-component=paypal] .uptime");
        assertThat(paypal.getText()).isEqualTo("uptime 24 h — · 7 d — · 30 d — · 90.00% in 5 min of data");
        assertThat(driver.findElement(By.cssSelector("#lights [data-component=smtp] .uptime"))
                        .getText())
                .isEqualTo("uptime 24 h 100.00% · 7 d — · 30 d — · 100.00% in 3 d of data");
        assertThat(driver.findElement(By.cssSelector("#lights [data-component=database] .uptime"))
                        .getText())
                .isEqualTo("uptime 24 h 100.00% · 7 d 100.00% · 30 d 100.00%");
        screenshot("health-uptime-coverage");

        driver.get(url("/health/paypal"));
        WebElement card = visible("#c-uptime");
        assertThat(card.findElement(By.cssSelector(".value")).getText()).isEqualTo("—");
        assertThat(card.findElement(By.cssSelector(".sub")).getText()).contains("90.00% in 5 min of data");
    }

    @Test
    void overallDotOnTheHealthPageIsRound() {
        driver.get(url("/health"));
        Rectangle dot = visible("#overall .dot").getRect();
        assertThat(dot.getWidth()).isGreaterThanOrEqualTo(12);
        assertThat(Math.abs(dot.getWidth() - dot.getHeight())).isLessThanOrEqualTo(1);
    }

    @Test
    void alertsWithTheSameTitleDifferInTheirRow() throws IOException {
        driver.get(url("/alerts"));
        await().until(d -> d.findElements(By.cssSelector("tr[data-alert]")).size() >= 3);
        List<WebElement> rows = driver.findElements(By.cssSelector("tr[data-alert]")).stream()
                .filter(r -> r.getText().contains(DashboardZoneTestApp.ALERT_TITLE))
                .toList();
        assertThat(rows).hasSize(3);
        List<String> texts = rows.stream().map(WebElement::getText).toList();
        assertThat(new HashSet<>(texts)).hasSize(3);
        for (int i = 0; i < 3; i++) {
            String message = DashboardZoneTestApp.ALERT_MESSAGES.get(i);
            String fingerprint = DashboardZoneTestApp.FINGERPRINTS.get(i).substring(0, 12);
            assertThat(texts).anySatisfy(t -> assertThat(t).contains(message).contains(fingerprint));
        }
        screenshot("alerts-same-title");
    }
}
