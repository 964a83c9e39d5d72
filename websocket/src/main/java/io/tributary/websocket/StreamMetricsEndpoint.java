package io.tributary.websocket;

import io.tributary.engine.Engine;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.metrics.ConsumerMeters;
import io.tributary.engine.metrics.ShardCounters;
import io.tributary.engine.metrics.StreamMeters;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's charts' feed, read from the engine's meters (never from the Prometheus text):
 * <pre>
 * GET /v1/streams/{name}/metrics
 *   {"stream":"orders","nowMillis":…,"incomingRecords":12,"incomingBytes":340,"writeThrottledRecords":0,
 *    "readThrottledCalls":0,"getRecordsBytes":340,"maxIteratorAgeMillis":0,"activeSubscriptions":1,
 *    "shards":[{"shardId":"shardId-000000000000","incomingRecords":7,"incomingBytes":200,"writeThrottledRecords":0,
 *               "readThrottledCalls":0,"outgoingBytes":200,"lastIteratorAgeMillis":0}, …],
 *    "consumers":[{"consumerName":"app","pushedBytes":…,"pushedRecords":…,"maxMillisBehindLatest":…,
 *                  "subscriptions":[{"shardId":"shardId-000000000000","startedMillis":…}]}, …]}
 * </pre>
 * Counts are running totals since the stream's meters were made (the server's start, or the stream's
 * creation); the page draws rates as the differences between two polls. Ages are the largest of the last
 * few minutes, as the {@code _max} series are. 404 with the API's message for an unknown stream.
 */
final class StreamMetricsEndpoint {
    static final String PATH = "/v1/streams/:stream/metrics";

    private final Engine engine;

    StreamMetricsEndpoint(Engine engine) {
        this.engine = engine;
    }

    void handle(RoutingContext context) {
        StreamState stream;
        try {
            stream = engine.streams().require(context.pathParam("stream"));
        } catch (KinesisException notFound) {
            Json.error(context, 404, notFound.getMessage());
            return;
        }
        StreamMeters.Reading reading = engine.metrics().stream(stream).read();
        JsonArray shards = new JsonArray();
        reading.shards().forEach((id, shard) -> shards.add(shardJson(id.toString(), shard)));
        JsonArray consumers = new JsonArray();
        for (ConsumerMeters.Reading consumer : reading.consumers()) {
            JsonArray subscriptions = new JsonArray();
            stream.consumer(consumer.consumerName()).ifPresent(registered -> engine.fanOut().activeSubscriptions(registered.arn())
                .forEach(active -> subscriptions.add(new JsonObject().put("shardId", active.shard().toString())
                    .put("startedMillis", active.startedMillis()))));
            consumers.add(new JsonObject()
                .put("consumerName", consumer.consumerName())
                .put("pushedBytes", consumer.pushedBytes())
                .put("pushedRecords", consumer.pushedRecords())
                .put("maxMillisBehindLatest", consumer.maxMillisBehindLatest())
                .put("subscriptions", subscriptions));
        }
        Json.ok(context, new JsonObject()
            .put("stream", stream.name())
            .put("nowMillis", engine.config().clock().millis())
            .put("incomingRecords", reading.incomingRecords())
            .put("incomingBytes", reading.incomingBytes())
            .put("writeThrottledRecords", reading.writeThrottledRecords())
            .put("readThrottledCalls", reading.readThrottledCalls())
            .put("getRecordsBytes", reading.getRecordsBytes())
            .put("maxIteratorAgeMillis", reading.maxIteratorAgeMillis())
            .put("activeSubscriptions", reading.activeSubscriptions())
            .put("shards", shards)
            .put("consumers", consumers));
    }

    private static JsonObject shardJson(String shardId, ShardCounters.Reading shard) {
        return new JsonObject()
            .put("shardId", shardId)
            .put("incomingRecords", shard.incomingRecords())
            .put("incomingBytes", shard.incomingBytes())
            .put("writeThrottledRecords", shard.writeThrottledRecords())
            .put("readThrottledCalls", shard.readThrottledCalls())
            .put("outgoingBytes", shard.outgoingBytes())
            .put("lastIteratorAgeMillis", shard.lastIteratorAgeMillis());
    }
}
