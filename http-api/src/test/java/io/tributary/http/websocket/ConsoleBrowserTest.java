package io.tributary.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.HeadlessChromium;
import io.tributary.http.support.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * The operator's console at {@code /ui/console.html} in a real headless Chromium (one session for the
 * class): a stream is created from the console, records put from the produce form land where the
 * data viewer then shows them, the incoming chart moves, a split and a merge from the shard map
 * redraw the map with the parents above their children, the retention, shard count and mode change, a consumer is registered and deregistered, and the stream is
 * deleted; bad input shows the API's own error, the same the AWS SDK gets. Screenshots go to
 * {@code target/console-*.png}.
 *
 * <p>Without Chromium this test fails, saying how to install it ({@code scripts/test-prerequisites.sh} does).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestServer server;
    private KinesisClient kinesis;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start();
        kinesis = Clients.sync(server.endpoint());
        chromium = HeadlessChromium.start(1400, 2600);
        browser = chromium.browser();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (kinesis != null) {
                kinesis.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void shouldCreateProduceReadChartSplitAndDeleteAStreamFromTheConsole() throws IOException {
        browser.get(server.endpoint() + "/ui/console.html");
        waitForStreamList();
        type("#create-name", "console-orders");
        type("#create-shards", "2");
        find("#create-submit").click();
        WebElement row = until(() -> find("#c-streams tr[data-stream='console-orders']"));
        assertEquals(List.of("console-orders", "ACTIVE", "PROVISIONED", "2", "24 h", "NONE", "0"), cells(row).subList(0, 7));

        row.findElement(By.cssSelector("button.open-button")).click();
        until(() -> browser.findElements(By.cssSelector("#shard-map g.shard.open")).size() == 2);

        String[] sequenceNumbers = new String[3];
        for (int i = 0; i < 3; i++) {
            type("#put-key", "key-" + i);
            type("#put-hash", "0");
            type("#put-data", "{\"n\":" + i + ",\"name\":\"order " + i + "\"}");
            String before = find("#put-result").getText();
            find("#put-submit").click();
            until(() -> !text("#put-result").isEmpty() && !text("#put-result").equals(before));
            assertEquals("shardId-000000000000", find("#put-result").getAttribute("data-shard-id"));
            sequenceNumbers[i] = find("#put-result").getAttribute("data-sequence-number");
        }

        new Select(find("#view-shard")).selectByValue("shardId-000000000000");
        new Select(find("#view-type")).selectByValue("TRIM_HORIZON");
        find("#view-read").click();
        until(() -> viewRows().size() == 3);
        for (int i = 0; i < 3; i++) {
            List<String> cells = cells(viewRows().get(i));
            assertEquals(sequenceNumbers[i], cells.get(1));
            assertEquals("key-" + i, cells.get(2));
            assertEquals("{\"n\":" + i + ",\"name\":\"order " + i + "\"}", cells.get(4));
        }
        new Select(find("#view-format")).selectByValue("json");
        until(() -> cells(viewRows().get(0)).get(4).contains("\"name\": \"order 0\""));
        new Select(find("#view-format")).selectByValue("hex");
        until(() -> cells(viewRows().get(0)).get(4).startsWith("7b 22 6e 22 3a 30"));
        new Select(find("#view-format")).selectByValue("text");
        type("#view-search", "order 2");
        until(() -> viewRows().size() == 1 && cells(viewRows().get(0)).get(2).equals("key-2"));
        type("#view-search", "");

        new Select(find("#view-type")).selectByValue("AT_SEQUENCE_NUMBER");
        type("#view-seq", sequenceNumbers[1]);
        find("#view-read").click();
        until(() -> viewRows().size() == 2 && cells(viewRows().get(0)).get(1).equals(sequenceNumbers[1]));
        assertEquals(sequenceNumbers[2], cells(viewRows().get(1)).get(1));

        new Select(find("#view-type")).selectByValue("LATEST");
        find("#view-read").click();
        until(() -> viewRows().isEmpty() && text("#view-note").startsWith("0 of 0 records"));
        browser.executeScript("const d = new Date(Date.now() - 10 * 60 * 1000);"
            + "const pad = (n) => String(n).padStart(2, '0');"
            + "document.getElementById('view-ts').value = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate())"
            + " + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());");
        new Select(find("#view-type")).selectByValue("AT_TIMESTAMP");
        find("#view-read").click();
        until(() -> viewRows().size() == 3 && cells(viewRows().get(0)).get(1).equals(sequenceNumbers[0]));

        until(() -> chartRose("#chart-records", "stream") && chartRose("#chart-records", "shardId-000000000000")
            && chartRose("#chart-bytes", "stream"));

        type("#consumer-name", "console-app");
        find("#consumer-register").click();
        WebElement consumer = until(() -> find("#consumers tr[data-consumer='console-app']"));
        until(() -> cells(find("#consumers tr[data-consumer='console-app']")).get(1).equals("ACTIVE")
            || !find("#consumers tr[data-consumer='console-app']").equals(consumer));
        saveScreenshot("console-stream.png");
        find("#consumers tr[data-consumer='console-app'] button.deregister-button").click();
        until(() -> browser.findElements(By.cssSelector("#consumers tr[data-consumer='console-app']")).isEmpty()
            || cells(find("#consumers tr[data-consumer='console-app']")).get(1).equals("DELETING"));

        find("#shard-map g[data-shard-id='shardId-000000000000']").click();
        until(() -> text("#map-selected").equals("shardId-000000000000"));
        find("#split").click();
        until(() -> browser.findElements(By.cssSelector("#shard-map g.shard.open")).size() == 3);
        assertEquals(1, browser.findElements(By.cssSelector("#shard-map g.shard.closed[data-shard-id='shardId-000000000000']")).size());
        List<WebElement> lineage = browser.findElements(By.cssSelector("#shard-map line.lineage"));
        assertEquals(List.of("shardId-000000000002", "shardId-000000000003"),
            lineage.stream().map(line -> line.getAttribute("data-child")).sorted().toList());
        assertTrue(lineage.stream().allMatch(line -> line.getAttribute("data-parent").equals("shardId-000000000000")));
        assertEquals(3, kinesis.describeStreamSummary(r -> r.streamName("console-orders")).streamDescriptionSummary().openShardCount());
        until(() -> cells(find("#c-streams tr[data-stream='console-orders']")).get(3).equals("3"));
        saveScreenshot("console-split.png");

        find("#shard-map g[data-shard-id='shardId-000000000002']").click();
        until(() -> text("#map-selected").equals("shardId-000000000002"));
        find("#merge").click();
        until(() -> browser.findElements(By.cssSelector("#shard-map g.shard.open")).size() == 2
            && browser.findElements(By.cssSelector("#shard-map line.lineage[data-child='shardId-000000000004']")).size() == 2);
        assertEquals(List.of("shardId-000000000002", "shardId-000000000003"),
            browser.findElements(By.cssSelector("#shard-map line.lineage[data-child='shardId-000000000004']")).stream()
                .map(line -> line.getAttribute("data-parent")).sorted().toList());

        type("#d-retention", "48");
        find("#d-retention-set").click();
        until(() -> text("#d-summary").contains("48 h retention"));
        assertEquals(48, kinesis.describeStreamSummary(r -> r.streamName("console-orders")).streamDescriptionSummary()
            .retentionPeriodHours());
        saveScreenshot("console-merge.png");

        type("#d-shard-count", "4");
        find("#d-shard-count-set").click();
        until(() -> browser.findElements(By.cssSelector("#shard-map g.shard.open")).size() == 4);
        new Select(find("#d-mode")).selectByValue("ON_DEMAND");
        find("#d-mode-set").click();
        until(() -> text("#d-summary").contains("ON_DEMAND"));
        assertEquals("ON_DEMAND", kinesis.describeStreamSummary(r -> r.streamName("console-orders")).streamDescriptionSummary()
            .streamModeDetails().streamModeAsString());

        WebElement listed = until(() -> {
            WebElement row2 = find("#c-streams tr[data-stream='console-orders']");
            return cells(row2).get(2).equals("ON_DEMAND") && cells(row2).get(4).equals("48 h") ? row2 : null;
        });
        listed.findElement(By.cssSelector("button.delete-button")).click();
        find("#c-streams tr[data-stream='console-orders'] button.confirm-delete-button").click();
        until(() -> browser.findElements(By.cssSelector("#c-streams tr[data-stream='console-orders']")).isEmpty());
        assertTrue(find("#detail").getAttribute("hidden") != null, "the deleted stream's page closes");
        assertTrue(kinesis.listStreams().streamNames().stream().noneMatch("console-orders"::equals));
    }

    @Test
    void shouldShowTheApisErrorForBadInputInTheFormsAndCreateAnOnDemandStream() throws IOException {
        KinesisException sdkCreate = assertThrows(KinesisException.class,
            () -> kinesis.createStream(r -> r.streamName("console-bad").shardCount(0)));
        browser.get(server.endpoint() + "/ui/console.html");
        waitForStreamList();
        type("#create-name", "console-bad");
        type("#create-shards", "0");
        find("#create-submit").click();
        until(() -> find("#error").isDisplayed());
        assertEquals(sdkCreate.awsErrorDetails().errorCode() + ": " + sdkCreate.awsErrorDetails().errorMessage(), text("#error"));

        type("#create-name", "console-on-demand");
        new Select(find("#create-mode")).selectByValue("ON_DEMAND");
        find("#create-submit").click();
        WebElement onDemand = until(() -> find("#c-streams tr[data-stream='console-on-demand']"));
        assertEquals(List.of("console-on-demand", "ACTIVE", "ON_DEMAND", "4"), cells(onDemand).subList(0, 4));
        assertTrue(find("#error").getAttribute("hidden") != null, "no error after a good request");

        kinesis.createStream(r -> r.streamName("console-errors").shardCount(1));
        browser.navigate().refresh();
        until(() -> find("#c-streams tr[data-stream='console-errors']")).findElement(By.cssSelector("button.open-button")).click();
        until(() -> browser.findElements(By.cssSelector("#shard-map g.shard.open")).size() == 1);
        KinesisException sdkPut = assertThrows(KinesisException.class, () -> kinesis.putRecord(r -> r.streamName("console-errors")
            .partitionKey("k").explicitHashKey("not-a-number").data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))));
        type("#put-key", "k");
        type("#put-hash", "not-a-number");
        type("#put-data", "x");
        find("#put-submit").click();
        until(() -> find("#error").isDisplayed());
        assertEquals(sdkPut.awsErrorDetails().errorCode() + ": " + sdkPut.awsErrorDetails().errorMessage(), text("#error"));

        KinesisException sdkSplit = assertThrows(KinesisException.class, () -> kinesis.splitShard(r -> r.streamName("console-errors")
            .shardToSplit("shardId-000000000000").newStartingHashKey("0")));
        find("#shard-map g[data-shard-id='shardId-000000000000']").click();
        type("#split-key", "0");
        find("#split").click();
        until(() -> find("#error").isDisplayed()
            && text("#error").equals(sdkSplit.awsErrorDetails().errorCode() + ": " + sdkSplit.awsErrorDetails().errorMessage()));
        saveScreenshot("console-error.png");
    }

    private void waitForStreamList() {
        until(() -> text("#c-streams-note").matches("\\d+ streams?"));
    }

    private boolean chartRose(String chart, String series) {
        Object rose = browser.executeScript("const line = document.querySelector(arguments[0] + \" polyline[data-series='\" + arguments[1] + \"']\");"
            + "return !!line && line.getAttribute('points').split(' ').some(p => Number(p.split(',')[1]) < 129);", chart, series);
        return Boolean.TRUE.equals(rose);
    }

    private List<WebElement> viewRows() {
        return browser.findElements(By.cssSelector("#view-records tbody tr"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    private void type(String css, String value) {
        WebElement field = find(css);
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!value.isEmpty()) {
            field.sendKeys(value);
        }
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

    private void saveScreenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
