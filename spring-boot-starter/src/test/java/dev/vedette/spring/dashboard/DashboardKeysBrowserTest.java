package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The API keys page in headless Chromium, with the ingest API on: a key created in the page is shown
 * once and works on the ingest API; the list shows only its prefix; revoking it in the page makes
 * the ingest API refuse it. Saves {@code target/screenshots/api-keys.png}.
 */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.dashboard.token=" + DashboardTestApp.TOKEN,
            "vedette.ingest.enabled=true",
            "vedette.ingest.keys[0].name=from-properties",
            "vedette.ingest.keys[0].key=vk_Propert1_abcdefghijklmnopqrstuvwxyz012345"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardKeysBrowserTest {
    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private ChromeDriver driver;
    private HeadlessChromium browser;

    @BeforeAll
    void start() throws IOException {
        browser = HeadlessChromium.start();
        driver = browser.driver();
        Files.createDirectories(Path.of("target", "screenshots"));
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

    @Test
    void aKeyCreatedInThePageIsShownOnceWorksAndIsRevokedInThePage() throws Exception {
        driver.manage().deleteAllCookies();
        driver.get(url("/vedette/login"));
        driver.findElement(By.id("token")).sendKeys(DashboardTestApp.TOKEN);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-keys")))
                .click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-table"), "vk_Propert1"));
        assertThat(driver.findElement(By.id("key-table")).getText()).contains("in the configuration");

        driver.findElement(By.cssSelector("#key-form input[name=name]")).sendKeys("<b>celery</b> worker");
        driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        WebElement shown = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key")));
        String key = shown.getText();
        assertThat(key).matches("vk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");
        String prefix = key.substring(0, 11);
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-table"), prefix));
        WebElement table = driver.findElement(By.id("key-table"));
        assertThat(table.getText()).contains("<b>celery</b> worker").doesNotContain(key);
        assertThat(table.findElements(By.tagName("b"))).isEmpty();
        Files.write(Path.of("target", "screenshots", "api-keys.png"), driver.getScreenshotAs(OutputType.BYTES));

        assertThat(ingest(key)).isEqualTo(202);

        driver.executeScript("window.confirm = function () { return true; };");
        driver.findElement(By.cssSelector("tr[data-key='" + key.substring(3, 11) + "'] button"))
                .click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-key='" + key.substring(3, 11) + "']"), "REVOKED"));
        assertThat(ingest(key)).isEqualTo(401);

        driver.navigate().refresh();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-table"), prefix));
        assertThat(driver.getPageSource()).doesNotContain(key);
    }

    private int ingest(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/vedette/ingest/v1/activity")))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userKey\": \"browser\"}"))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
