package io.tributary.websocket;

import io.tributary.engine.Engine;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What the page lists, read from the catalog snapshot (never blocking):
 * <pre>
 * GET /v1/streams         {"streams":[{"name":"orders","arn":"arn:…","status":"ACTIVE","mode":"PROVISIONED",
 *                                       "openShardCount":2,"retentionHours":24,"createdMillis":…}, …]}
 * GET /v1/streams/{name}  one stream as above, with "shards":[{"shardId":"shardId-000000000000","open":true,
 *                                       "parentShardId":…, "adjacentParentShardId":…}, …]; 404 if unknown
 * </pre>
 */
final class StreamListing {
    static final String LIST_PATH = "/v1/streams";
    static final String STREAM_PATH = "/v1/streams/:stream";

    private final Engine engine;

    StreamListing(Engine engine) {
        this.engine = engine;
    }

    void list(RoutingContext context) {
        JsonArray streams = new JsonArray();
        engine.streams().snapshot().streams().values().forEach(stream -> streams.add(summary(stream)));
        Json.ok(context, new JsonObject().put("streams", streams));
    }

    void describe(RoutingContext context) {
        StreamState stream;
        try {
            stream = engine.streams().require(context.pathParam("stream"));
        } catch (KinesisException notFound) {
            Json.error(context, 404, notFound.getMessage());
            return;
        }
        JsonArray shards = new JsonArray();
        for (ShardState shard : stream.shards()) {
            JsonObject json = new JsonObject().put("shardId", shard.id().toString()).put("open", shard.isOpen());
            shard.parent().ifPresent(parent -> json.put("parentShardId", parent.toString()));
            shard.adjacentParent().ifPresent(parent -> json.put("adjacentParentShardId", parent.toString()));
            shards.add(json);
        }
        Json.ok(context, summary(stream).put("shards", shards));
    }

    private static JsonObject summary(StreamState stream) {
        return new JsonObject()
            .put("name", stream.name())
            .put("arn", stream.arn())
            .put("status", stream.status().name())
            .put("mode", stream.mode().name())
            .put("openShardCount", stream.openShardCount())
            .put("retentionHours", stream.retentionHours())
            .put("createdMillis", stream.createdMillis());
    }
}
