package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in headless Chromium behind Spring Security: sign in on Spring's login page, see the
 * overview, and acknowledge an alert, which only works if the pages send Spring's CSRF token next
 * to the dashboard's. Needs Chromium like {@link DashboardBrowserTest}.
 */
@SpringBootTest(
        classes = DashboardSecuredTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.max-streams=8")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSpringSecurityBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private ChromeDriver driver;
    private HeadlessChromium browser;
    private AlertRecord alert;

    @BeforeAll
    void start() throws IOException {
        browser = HeadlessChromium.start();
        driver = browser.driver();
        alert = DashboardTestApp.seed(monitor);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @Test
    void signInOnSpringSecuritysLoginPageThenActOnAnAlert() {
        driver.get("http://localhost:" + port + "/vedette/");
        await().until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("username")).sendKeys(DashboardSecuredTestApp.OPS);
        driver.findElement(By.id("password")).sendKeys(DashboardSecuredTestApp.PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();

        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kpi-count .value"), "7"));
        assertThat(driver.getCurrentUrl()).contains("/vedette/");
        assertThat(driver.findElement(By.cssSelector("#kpi-revenue .value")).getText())
                .contains("€45.00");
        await().until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));

        driver.get("http://localhost:" + port + "/vedette/alerts");
        String row = "tr[data-alert='" + alert.id() + "']";
        await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row + "[data-status=OPEN]")));
        driver.findElement(By.cssSelector(row + " button[data-action=acknowledge]"))
                .click();
        await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(row + "[data-status=ACKNOWLEDGED]")));
        assertThat(driver.findElement(By.cssSelector(row)).getText()).contains("acknowledged by ops");
        assertThat(monitor.alerts().get(alert.id()).orElseThrow().status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
    }
}
