package io.tributary.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** The page's HTTP side, beside the Kinesis API on the same port: the stream listing and the static page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserEndpointsTest {
    private TestServer server;
    private KinesisClient kinesis;
    private HttpClient http;

    @BeforeAll
    void start() {
        server = TestServer.start();
        kinesis = Clients.sync(server.endpoint());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        kinesis.createStream(request -> request.streamName("listed-provisioned").shardCount(3));
        kinesis.createStream(request -> request.streamName("listed-on-demand")
            .streamModeDetails(details -> details.streamMode(StreamMode.ON_DEMAND)));
        kinesis.increaseStreamRetentionPeriod(request -> request.streamName("listed-provisioned").retentionPeriodHours(48));
    }

    @AfterAll
    void stop() {
        kinesis.close();
        server.close();
    }

    @Test
    void shouldListEveryStreamWithItsModeStatusShardCountAndRetention() throws Exception {
        HttpResponse<String> response = get("/v1/streams");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonArray streams = new JsonObject(response.body()).getJsonArray("streams");
        JsonObject provisioned = find(streams, "listed-provisioned");
        assertEquals("ACTIVE", provisioned.getString("status"));
        assertEquals("PROVISIONED", provisioned.getString("mode"));
        assertEquals(3, provisioned.getInteger("openShardCount"));
        assertEquals(48, provisioned.getInteger("retentionHours"));
        assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/listed-provisioned", provisioned.getString("arn"));
        JsonObject onDemand = find(streams, "listed-on-demand");
        assertEquals("ON_DEMAND", onDemand.getString("mode"));
        assertEquals(4, onDemand.getInteger("openShardCount"));
        assertEquals(24, onDemand.getInteger("retentionHours"));
    }

    @Test
    void shouldDescribeOneStreamWithItsShards() throws Exception {
        JsonObject stream = new JsonObject(get("/v1/streams/listed-provisioned").body());

        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002"),
            stream.getJsonArray("shards").stream().map(shard -> ((JsonObject) shard).getString("shardId")).toList());
        assertEquals(true, stream.getJsonArray("shards").getJsonObject(0).getBoolean("open"));
    }

    @Test
    void shouldAnswer404ForAnUnknownStreamOrPath() throws Exception {
        HttpResponse<String> unknownStream = get("/v1/streams/nope");
        assertEquals(404, unknownStream.statusCode());
        assertEquals("Stream nope under account 000000000000 not found.", new JsonObject(unknownStream.body()).getString("message"));
        assertEquals(404, get("/v1/elsewhere").statusCode());
    }

    @Test
    void shouldAnswer426ToAPlainRequestForATail() throws Exception {
        HttpResponse<String> response = get("/v1/streams/listed-provisioned/tail");

        assertEquals(426, response.statusCode());
        assertTrue(new JsonObject(response.body()).getString("message").startsWith("A tail is a WebSocket"));
    }

    @Test
    void shouldServeThePageAndItsAssets() throws Exception {
        HttpResponse<String> redirect = get("/ui");
        assertEquals(302, redirect.statusCode());
        assertEquals("/ui/", redirect.headers().firstValue("location").orElseThrow());

        HttpResponse<String> page = get("/ui/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"), page.body());
        for (String asset : List.of("/ui/app.js", "/ui/style.css")) {
            assertEquals(200, get(asset).statusCode(), asset);
        }
        assertEquals(404, get("/ui/missing.js").statusCode());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject find(JsonArray streams, String name) {
        return streams.stream().map(JsonObject.class::cast).filter(stream -> name.equals(stream.getString("name")))
            .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + streams));
    }
}
