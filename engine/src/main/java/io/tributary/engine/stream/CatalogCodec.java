package io.tributary.engine.stream;

import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.shard.ShardHandle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The stored form of the stream metadata: JSON, one object per stream with its shards, consumers
 * and enabled shard-level metrics (absent in catalogs written before enhanced monitoring, which
 * read back as none). Consumers being created or deleted are stored as such and read back ACTIVE or
 * gone. Shard handles are not stored; they are opened again from the shard logs when the catalog is
 * read.
 */
final class CatalogCodec {
    static final int VERSION = 1;

    /** Opens the handle of a stored shard (its log, recovered, on an owner). */
    @FunctionalInterface
    interface HandleOpener {
        ShardHandle open(String streamName, long streamCreatedMillis, ShardId shard);
    }

    private CatalogCodec() {
    }

    static JsonObject encode(Catalog catalog) {
        JsonArray streams = new JsonArray();
        for (StreamState stream : catalog.streams().values()) {
            streams.add(encode(stream));
        }
        return new JsonObject().put("version", VERSION).put("streams", streams);
    }

    /** How a catalog is read: back from storage after a restart, or exactly as agreed by the cluster. */
    private enum Reading {
        /** Streams being created or updated read back ACTIVE; consumers being created ACTIVE, being deleted gone. */
        RECOVERED,
        /** Every status as it was written. */
        AS_STORED
    }

    static List<StreamState> decode(JsonObject json, String arnPrefix, HandleOpener handles) {
        return decode(json, arnPrefix, handles, Reading.RECOVERED);
    }

    /** The catalog exactly as it was encoded, statuses included: an agreed catalog in cluster mode. */
    static List<StreamState> decodeAsStored(JsonObject json, String arnPrefix, HandleOpener handles) {
        return decode(json, arnPrefix, handles, Reading.AS_STORED);
    }

    private static List<StreamState> decode(JsonObject json, String arnPrefix, HandleOpener handles, Reading reading) {
        int version = json.getInteger("version", 0);
        if (version != VERSION) {
            throw new IllegalStateException("catalog version " + version + " is not " + VERSION);
        }
        List<StreamState> streams = new ArrayList<>();
        for (Object item : json.getJsonArray("streams")) {
            streams.add(decodeStream((JsonObject) item, arnPrefix, handles, reading));
        }
        return streams;
    }

    private static JsonObject encode(StreamState stream) {
        JsonArray shards = new JsonArray();
        for (ShardState shard : stream.shards()) {
            JsonObject json = new JsonObject()
                .put("index", shard.id().index())
                .put("startingHashKey", shard.hashKeyRange().start().toDecimalString())
                .put("endingHashKey", shard.hashKeyRange().end().toDecimalString())
                .put("epoch", shard.epoch())
                .put("createdMillis", shard.createdMillis());
            shard.parent().ifPresent(parent -> json.put("parent", parent.index()));
            shard.adjacentParent().ifPresent(parent -> json.put("adjacentParent", parent.index()));
            shard.endingPosition().ifPresent(position -> json.put("endingPosition", position));
            shard.closedMillis().ifPresent(closed -> json.put("closedMillis", closed));
            shards.add(json);
        }
        JsonArray consumers = new JsonArray();
        for (ConsumerState consumer : stream.consumers()) {
            consumers.add(new JsonObject()
                .put("name", consumer.name())
                .put("status", consumer.status().name())
                .put("createdMillis", consumer.createdMillis()));
        }
        JsonArray enhancedMetrics = new JsonArray();
        stream.enhancedMetrics().forEach(metric -> enhancedMetrics.add(metric.awsName()));
        return new JsonObject()
            .put("consumers", consumers)
            .put("enhancedMetrics", enhancedMetrics)
            .put("name", stream.name())
            .put("status", stream.status().name())
            .put("mode", stream.mode().name())
            .put("createdMillis", stream.createdMillis())
            .put("retentionHours", stream.retentionHours())
            .put("maxRecordSizeKiB", stream.maxRecordSizeKiB())
            .put("tags", new JsonObject(new java.util.LinkedHashMap<>(stream.tags())))
            .put("shards", shards);
    }

    private static StreamState decodeStream(JsonObject json, String arnPrefix, HandleOpener handles, Reading reading) {
        String name = json.getString("name");
        long created = json.getLong("createdMillis");
        List<ShardState> shards = new ArrayList<>();
        for (Object item : json.getJsonArray("shards")) {
            JsonObject shard = (JsonObject) item;
            ShardId id = new ShardId(shard.getInteger("index"));
            shards.add(new ShardState(
                id,
                new HashKeyRange(HashKey.parse(shard.getString("startingHashKey")), HashKey.parse(shard.getString("endingHashKey"))),
                shard.getLong("epoch"),
                Optional.ofNullable(shard.getInteger("parent")).map(ShardId::new),
                Optional.ofNullable(shard.getInteger("adjacentParent")).map(ShardId::new),
                shard.getLong("createdMillis"),
                optionalLong(shard, "endingPosition"),
                optionalLong(shard, "closedMillis"),
                handles.open(name, created, id)));
        }
        TreeMap<String, String> tags = new TreeMap<>();
        json.getJsonObject("tags", new JsonObject()).forEach(tag -> tags.put(tag.getKey(), String.valueOf(tag.getValue())));
        StreamStatus status = StreamStatus.valueOf(json.getString("status"));
        String arn = arnPrefix + name;
        List<ConsumerState> consumers = new ArrayList<>();
        for (Object item : json.getJsonArray("consumers", new JsonArray())) {
            JsonObject consumer = (JsonObject) item;
            ConsumerState.ConsumerStatus consumerStatus = ConsumerState.ConsumerStatus.valueOf(consumer.getString("status"));
            long consumerCreated = consumer.getLong("createdMillis");
            String consumerArn = ConsumerState.arnOf(arn, consumer.getString("name"), consumerCreated);
            if (reading == Reading.AS_STORED) {
                consumers.add(new ConsumerState(consumer.getString("name"), consumerArn, consumerStatus, consumerCreated));
            } else if (consumerStatus != ConsumerState.ConsumerStatus.DELETING) {
                consumers.add(new ConsumerState(consumer.getString("name"), consumerArn, ConsumerState.ConsumerStatus.ACTIVE,
                    consumerCreated));
            }
        }
        return new StreamState(name, arn,
            reading == Reading.RECOVERED && (status == StreamStatus.CREATING || status == StreamStatus.UPDATING)
                ? StreamStatus.ACTIVE : status,
            StreamMode.valueOf(json.getString("mode")), created, json.getInteger("retentionHours"),
            json.getInteger("maxRecordSizeKiB"), tags, shards)
            .withConsumers(consumers)
            .withEnhancedMetrics(ShardLevelMetric.expand(json.getJsonArray("enhancedMetrics", new JsonArray()).stream()
                .map(String::valueOf).toList()));
    }

    private static OptionalLong optionalLong(JsonObject json, String key) {
        Long value = json.getLong(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
