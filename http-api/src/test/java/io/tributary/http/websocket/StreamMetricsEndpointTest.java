package io.tributary.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.SharedServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import io.tributary.http.support.ShardSubscriber;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * {@code GET /v1/streams/{stream}/metrics}, the console's charts' feed: running totals read from the
 * engine's meters, per stream, per shard (kept without enhanced monitoring) and per consumer.
 */
class StreamMetricsEndpointTest extends SharedServerTest {
    StreamMetricsEndpointTest() {
        super(true);
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCountIncomingRecordsAndBytesPerStreamAndPerShardWithoutEnhancedMonitoring() throws Exception {
        kinesis.createStream(request -> request.streamName("metered").shardCount(2));
        for (int i = 0; i < 3; i++) {
            kinesis.putRecord(request -> request.streamName("metered").partitionKey("key").explicitHashKey("0")
                .data(SdkBytes.fromUtf8String("hello")));
        }
        kinesis.putRecord(request -> request.streamName("metered").partitionKey("k2")
            .explicitHashKey("340282366920938463463374607431768211455").data(SdkBytes.fromUtf8String("abc")));
        String iterator = kinesis.getShardIterator(request -> request.streamName("metered").shardId("shardId-000000000000")
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertEquals(3, kinesis.getRecords(request -> request.shardIterator(iterator)).records().size());

        HttpResponse<String> response = get("/v1/streams/metered/metrics");

        assertEquals(200, response.statusCode());
        JsonObject metrics = new JsonObject(response.body());
        assertEquals("metered", metrics.getString("stream"));
        assertEquals(4, metrics.getLong("incomingRecords"));
        assertEquals(3 * (3 + 5) + (2 + 3), metrics.getLong("incomingBytes"), "data plus partition key bytes");
        assertEquals(3 * (3 + 5), metrics.getLong("getRecordsBytes"));
        assertEquals(0, metrics.getLong("writeThrottledRecords"));
        assertTrue(metrics.getLong("nowMillis") > 0);
        JsonArray shards = metrics.getJsonArray("shards");
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001"),
            shards.stream().map(shard -> ((JsonObject) shard).getString("shardId")).toList());
        assertEquals(3, shards.getJsonObject(0).getLong("incomingRecords"));
        assertEquals(24, shards.getJsonObject(0).getLong("incomingBytes"));
        assertEquals(24, shards.getJsonObject(0).getLong("outgoingBytes"));
        assertEquals(1, shards.getJsonObject(1).getLong("incomingRecords"));
        assertEquals(5, shards.getJsonObject(1).getLong("incomingBytes"));
    }

    @Test
    void shouldListEachRegisteredConsumerWithItsFanOutTotals() throws Exception {
        kinesis.createStream(request -> request.streamName("metered-consumers").shardCount(1));
        String arn = kinesis.describeStreamSummary(request -> request.streamName("metered-consumers"))
            .streamDescriptionSummary().streamARN();
        kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName("dashboard"));

        JsonObject metrics = new JsonObject(get("/v1/streams/metered-consumers/metrics").body());

        JsonArray consumers = metrics.getJsonArray("consumers");
        assertEquals(1, consumers.size());
        assertEquals(new JsonObject().put("consumerName", "dashboard").put("pushedBytes", 0).put("pushedRecords", 0)
            .put("maxMillisBehindLatest", 0).put("subscriptions", new JsonArray()), consumers.getJsonObject(0));
        assertEquals(0, metrics.getInteger("activeSubscriptions"));
    }

    @Test
    void shouldShowAConsumersActiveSubscriptionAndWhatItWasPushed() throws Exception {
        kinesis.createStream(request -> request.streamName("metered-fan-out").shardCount(1));
        String arn = kinesis.describeStreamSummary(request -> request.streamName("metered-fan-out"))
            .streamDescriptionSummary().streamARN();
        String consumerArn = kinesis.registerStreamConsumer(request -> request.streamARN(arn).consumerName("pushed"))
            .consumer().consumerARN();
        ShardSubscriber subscriber = ShardSubscriber.start(async, consumerArn, "shardId-000000000000",
            StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build());
        try {
            kinesis.putRecord(request -> request.streamName("metered-fan-out").partitionKey("key").data(SdkBytes.fromUtf8String("hello")));
            subscriber.awaitRecords(1, 30);
            JsonObject consumer = new JsonObject(get("/v1/streams/metered-fan-out/metrics").body()).getJsonArray("consumers").getJsonObject(0);
            assertEquals("pushed", consumer.getString("consumerName"));
            assertEquals(1, consumer.getLong("pushedRecords"));
            assertEquals(8, consumer.getLong("pushedBytes"));
            JsonArray subscriptions = consumer.getJsonArray("subscriptions");
            assertEquals(1, subscriptions.size());
            assertEquals("shardId-000000000000", subscriptions.getJsonObject(0).getString("shardId"));
        } finally {
            subscriber.cancel();
        }
    }

    @Test
    void shouldAnswer404WithTheApisMessageForAnUnknownStream() throws Exception {
        HttpResponse<String> response = get("/v1/streams/absent/metrics");
        assertEquals(404, response.statusCode());
        assertEquals("Stream absent under account 000000000000 not found.", new JsonObject(response.body()).getString("message"));
    }
}
