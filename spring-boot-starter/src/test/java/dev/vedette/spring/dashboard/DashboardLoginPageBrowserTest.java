package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a browser that has not signed in sees, in headless Chromium: the login page styled by its
 * own stylesheet (served without a session), its error messages, and no dashboard data through odd
 * spellings of the dashboard's paths. Saves {@code target/screenshots/login-page.png} and {@code
 * login-error.png}. Needs Chromium like {@link DashboardBrowserTest}.
 */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.token=" + DashboardTestApp.TOKEN)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardLoginPageBrowserTest {
    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private ChromeDriver driver;
    private HeadlessChromium browser;
    private final Path screenshots = Path.of("target", "screenshots");

    @BeforeAll
    void start() throws IOException {
        browser = HeadlessChromium.start();
        driver = browser.driver();
        DashboardTestApp.seed(monitor);
        Files.createDirectories(screenshots);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    private String computed(String css, String property) {
        return (String) driver.executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);",
                css,
                property);
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theLoginPageIsStyledAndShowsWhyASignInFailed() throws IOException {
        driver.manage().deleteAllCookies();
        // a stylesheet cached while signed in (another test) must not hide a login page that cannot load it
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.get(url("/vedette/"));
        await().until(ExpectedConditions.urlContains("/vedette/login"));
        await().until(d -> "flex".equals(computed("body", "display")));
        // the stylesheet applied: the centred flex layout and the bordered, rounded box
        assertThat(computed("body", "align-items")).isEqualTo("center");
        assertThat(computed(".login-box", "border-top-style")).isEqualTo("solid");
        assertThat(computed(".login-box", "border-top-left-radius")).isNotEqualTo("0px");
        // a narrow box in the middle of the 1280 px window, not a full-width strip
        WebElement box = driver.findElement(By.cssSelector(".login-box"));
        assertThat(box.getSize().getWidth()).isLessThanOrEqualTo(24 * 16);
        assertThat(box.getLocation().getX()).isGreaterThan(400);
        assertThat(computed("button[type=submit]", "width")).isEqualTo(computed(".login-box form", "width"));
        assertThat(driver.findElement(By.id("login-error")).isDisplayed()).isFalse();
        screenshot("login-page");

        driver.findElement(By.id("token")).sendKeys("not-the-token-at-all");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        await().until(ExpectedConditions.urlContains("error=token"));
        WebElement error = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).isEqualTo("That token is not valid.");
        assertThat(computed("#login-error", "color")).isNotEqualTo(computed("body", "color"));
        screenshot("login-error");

        driver.get(url("/vedette/login?error=throttled&wait=30"));
        assertThat(await().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")))
                        .getText())
                .isEqualTo("Too many failed attempts from your address. Try again in 30 seconds.");
    }

    @Test
    void signingOutThroughThePagesButtonEndsTheSession() {
        driver.manage().deleteAllCookies();
        driver.get(url("/vedette/login"));
        driver.findElement(By.id("token")).sendKeys(DashboardTestApp.TOKEN);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kpi-count .value"), "7"));
        await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#logout button")))
                .click();
        await().until(ExpectedConditions.urlContains("/vedette/login"));
        driver.get(url("/vedette/api/overview"));
        assertThat(driver.getPageSource()).contains("authentication required").doesNotContain("\"revenue\"");
    }

    @Test
    void oddSpellingsOfTheDashboardsPathsShowNoData() {
        driver.manage().deleteAllCookies();
        for (String path : List.of(
                "/vedette;x=1/api/overview",
                "/vedette;/api/transactions",
                "/vedette;jsessionid=abc/api/errors",
                "/%76edette/api/overview",
                "/%76edette/api/transactions",
                "/vedette;x=1/",
                "/%76edette/",
                "/VEDETTE/api/overview")) {
            driver.get(url(path));
            String page = driver.getPageSource();
            assertThat(page)
                    .as(path)
                    .doesNotContain("@example.com")
                    .doesNotContain("\"revenue\"")
                    .doesNotContain("PayPal capture failed")
                    .doesNotContain("assets/app.js");
            assertThat(driver.findElements(By.id("kpi-count"))).as(path).isEmpty();
        }
    }
}
