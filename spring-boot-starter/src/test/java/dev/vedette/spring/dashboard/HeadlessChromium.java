package dev.vedette.spring.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its ChromeDriver ({@code /usr/bin/chromium}, {@code
 * /usr/bin/chromedriver}; packages {@code chromium} and {@code chromium-driver}), with a throw-away
 * profile. Missing binaries skip the calling test, or fail it when {@code CI=true}.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriverService service;
    private final Path profile;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, Path profile, ChromeDriver driver) {
        this.service = service;
        this.profile = profile;
        this.driver = driver;
    }

    /** Starts a browser, or skips the test (fails it under {@code CI=true}) if Chromium is not installed. */
    static HeadlessChromium start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(
                present, "headless Chromium is not installed (apt-get install -y chromium chromium-driver)");
        Path profile = Files.createTempDirectory("vedette-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=en-US",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        return new HeadlessChromium(service, profile, new ChromeDriver(service, options));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Quits the browser, stops the driver service and deletes the profile. */
    @Override
    public void close() throws IOException {
        driver.quit();
        service.stop();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
