package io.tributary.http.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by its ChromeDriver on a free port, with a fresh profile in a
 * temporary directory that closing deletes. The flags keep it from reaching out to the network,
 * which this machine's closed network refuses (see the workplace's notes on Chromium).
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService driverService;
    private final ChromeDriver browser;

    private HeadlessChromium(Path profile, ChromeDriverService driverService, ChromeDriver browser) {
        this.profile = profile;
        this.driverService = driverService;
        this.browser = browser;
    }

    /** Starts a browser with a window of {@code width} by {@code height} pixels. */
    public static HeadlessChromium start(int width, int height) throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "This test needs Debian's Chromium and its"
            + " driver at " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver"
            + " (scripts/test-prerequisites.sh does).");
        Path profile = Files.createTempDirectory("tributary-chromium");
        ChromeDriverService driverService = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        try {
            ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
            return new HeadlessChromium(profile, driverService, new ChromeDriver(driverService, options));
        } catch (RuntimeException failed) {
            driverService.stop();
            TestServer.deleteRecursively(profile);
            throw failed;
        }
    }

    public ChromeDriver browser() {
        return browser;
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            driverService.stop();
            TestServer.deleteRecursively(profile);
        }
    }
}
