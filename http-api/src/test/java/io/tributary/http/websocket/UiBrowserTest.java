package io.tributary.http.websocket;

import static io.tributary.http.websocket.LiveTailWebSocketTest.tailUri;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.support.Clients;
import io.tributary.http.support.HeadlessChromium;
import io.tributary.http.support.TailClient;
import io.tributary.http.support.TestServer;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The page at {@code /ui/} in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven by Selenium): records put through the AWS SDK appear in the live
 * tail, pause stops new rows until resume, the partition-key filter hides other keys, and the view
 * keeps only its newest rows. It leaves a screenshot at {@code target/ui-tail.png}.
 *
 * <p>Without Chromium this test fails, saying how to install it ({@code scripts/test-prerequisites.sh} does).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UiBrowserTest {
    private static final Path SCREENSHOT = Path.of("target", "ui-tail.png");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_ROWS = 500;

    private TestServer server;
    private KinesisClient kinesis;
    private Vertx clientVertx;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start();
        kinesis = Clients.sync(server.endpoint());
        clientVertx = Vertx.vertx();
        chromium = HeadlessChromium.start(1400, 900);
        browser = chromium.browser();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (clientVertx != null) {
                clientVertx.close().await();
            }
            if (kinesis != null) {
                kinesis.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void shouldShowLiveRecordsPauseThemFilterThemAndKeepOnlyTheNewest() throws IOException {
        kinesis.createStream(request -> request.streamName("clicks").shardCount(2));
        kinesis.createStream(request -> request.streamName("orders").shardCount(1));
        browser.get(server.endpoint() + "/ui/");

        WebElement clicksRow = until(() -> find("#streams tbody tr[data-stream='clicks']"));
        assertEquals(List.of("clicks", "ACTIVE", "provisioned", "2", "24 h", "Tail"), cellTexts(clicksRow));
        clicksRow.findElement(By.cssSelector("button.tail-button")).click();
        waitForStatus("live", "live: 2 shards from LATEST");

        put("clicks", List.of("alice", "bob", "alice", "carol", "bob", "alice"));
        until(() -> rows().size() == 6);
        assertEquals(List.of("alice", "alice", "alice", "bob", "bob", "carol"), keysOldestFirst().stream().sorted().toList(),
            "every record, whichever of the two shards it went to");
        assertEquals("{\"user\":\"carol\",\"action\":\"click\",\"page\":\"/pricing\"}",
            text("#records tbody tr[data-key='carol'] td.data"));

        find("#filter").sendKeys("ali");
        assertEquals(List.of("alice", "alice", "alice"), visibleKeys());
        clearFilter();
        until(() -> visibleKeys().size() == 6);

        try (TailClient control = TailClient.connect(clientVertx, server.port(), tailUri("clicks", "from=LATEST"))) {
            control.awaitMessage("ready", WAIT);
            find("#pause").click();
            waitForStatus("paused", "paused: new records wait in the stream");
            put("clicks", List.of("during-pause", "during-pause"));
            control.awaitRecords(2, WAIT);
            assertEquals(6, rows().size(), "no new rows while paused");

            find("#pause").click();
            until(() -> rows().size() == 8);
            assertEquals(List.of("during-pause", "during-pause"), keysOldestFirst().subList(6, 8));
        }

        List<String> many = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS + 100; i++) {
            many.add("user-" + (i % 7));
        }
        put("clicks", many);
        until(() -> text("#received").equals(Integer.toString(8 + many.size())));
        assertEquals(MAX_ROWS, rows().size(), "the view keeps only its newest rows");
        assertEquals(Integer.toString(MAX_ROWS), text("#shown"));

        put("clicks", List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"));
        kinesis.putRecord(request -> request.streamName("clicks").partitionKey("sensor-7")
            .data(SdkBytes.fromByteArray(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 1, 2, 3})));
        until(() -> "sensor-7".equals(rows().get(0).getAttribute("data-key")));
        assertEquals("yv66vgABAgM=", text("#records tbody tr:first-child td.data span.b64"), "data that is not UTF-8 shows as base64");
        saveScreenshot();

        find("#filter").sendKeys("user-3");
        until(() -> visibleKeys().stream().allMatch("user-3"::equals));
        clearFilter();
        find("#filter").sendKeys("a");
        until(() -> !visibleKeys().contains("user-3"));
        assertEquals(List.of("alice", "carol", "dave", "frank", "grace", "ivan"), visibleKeys().stream().sorted().toList(),
            "the keys with an a among the newest 500 rows");

        // the rate counts the records of the last one-second tick, so it is read while records flow
        // (one put at each look; some tick must count them), not after a burst that a slow machine
        // may show a tick too late
        until(() -> {
            put("clicks", List.of("zoe"));
            return !text("#rate").equals("0");
        });
    }

    private void put(String stream, List<String> users) {
        for (int first = 0; first < users.size(); first += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (String user : users.subList(first, Math.min(users.size(), first + 500))) {
                String json = "{\"user\":\"" + user + "\",\"action\":\"click\",\"page\":\"/pricing\"}";
                entries.add(PutRecordsRequestEntry.builder().partitionKey(user).data(SdkBytes.fromUtf8String(json)).build());
            }
            kinesis.putRecords(request -> request.streamName(stream).records(entries));
        }
    }

    /** Empties the filter the way a person does, with the keyboard. */
    private void clearFilter() {
        find("#filter").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    private void waitForStatus(String state, String text) {
        until(() -> state.equals(find("#status").getAttribute("data-state")) && text.equals(text("#status")));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#records tbody tr"));
    }

    private List<String> keysOldestFirst() {
        List<String> keys = new ArrayList<>(rows().stream().map(row -> row.getAttribute("data-key")).toList());
        Collections.reverse(keys);
        return keys;
    }

    /**
     * The keys of the rows the page shows, newest first: asked of the page in one script rather than
     * row by row (500 rows were 1,000 WebDriver calls a look, which a busy machine took minutes over).
     */
    @SuppressWarnings("unchecked")
    private List<String> visibleKeys() {
        return List.copyOf((List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#records tbody tr'))"
            + ".filter(row => row.offsetParent !== null).map(row => row.dataset.key);"));
    }

    private static List<String> cellTexts(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    private WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private String text(String css) {
        return find(css).getText();
    }

    private <T> T until(Supplier<T> condition) {
        return new WebDriverWait(browser, WAIT)
            .ignoring(NoSuchElementException.class)
            .ignoring(StaleElementReferenceException.class)
            .until(driver -> {
                T value = condition.get();
                return Boolean.FALSE.equals(value) ? null : value;
            });
    }

    private void saveScreenshot() throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }
}
