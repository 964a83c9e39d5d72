package io.tributary.engine.stream;

import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.RecordDistribution;
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
 * read back as none), the account's billing commitment (absent in older catalogs: none), an
 * on-demand stream's warm throughput and record distribution (stored only when set), its resource
 * policy and its consumers' tags and resource policies when it has them, and, while
 * StartStreamEncryption is in force, the KeyId and key ARN (never key material, which only the key
 * service holds). Consumers being created or
 * deleted are stored as such and read back ACTIVE or
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
        return new JsonObject().put("version", VERSION).put("streams", streams)
            .put("billingCommitment", encode(catalog.commitment()));
    }

    private static BillingCommitment decodeCommitment(JsonObject json) {
        JsonObject commitment = json.getJsonObject("billingCommitment");
        if (commitment == null) {
            return BillingCommitment.NONE;
        }
        return new BillingCommitment(BillingCommitment.Status.valueOf(commitment.getString("status")),
            optionalLong(commitment, "startedMillis"), optionalLong(commitment, "endedMillis"),
            optionalLong(commitment, "earliestAllowedEndMillis"));
    }

    private static JsonObject encode(BillingCommitment commitment) {
        JsonObject json = new JsonObject().put("status", commitment.status().name());
        commitment.startedMillis().ifPresent(started -> json.put("startedMillis", started));
        commitment.endedMillis().ifPresent(ended -> json.put("endedMillis", ended));
        commitment.earliestAllowedEndMillis().ifPresent(earliest -> json.put("earliestAllowedEndMillis", earliest));
        return json;
    }

    /** What a stored catalog holds: its streams (with their shard handles opened) and the account's commitment. */
    record Stored(List<StreamState> streams, BillingCommitment commitment) {
        static final Stored NOTHING = new Stored(List.of(), BillingCommitment.NONE);
    }

    /** How a catalog is read: back from storage after a restart, or exactly as agreed by the cluster. */
    private enum Reading {
        /** Streams being created or updated read back ACTIVE; consumers being created ACTIVE, being deleted gone. */
        RECOVERED,
        /** Every status as it was written. */
        AS_STORED
    }

    static Stored decode(JsonObject json, String arnPrefix, HandleOpener handles) {
        return decode(json, arnPrefix, handles, Reading.RECOVERED);
    }

    /** The catalog exactly as it was encoded, statuses included: an agreed catalog in cluster mode. */
    static Stored decodeAsStored(JsonObject json, String arnPrefix, HandleOpener handles) {
        return decode(json, arnPrefix, handles, Reading.AS_STORED);
    }

    private static Stored decode(JsonObject json, String arnPrefix, HandleOpener handles, Reading reading) {
        int version = json.getInteger("version", 0);
        if (version != VERSION) {
            throw new IllegalStateException("catalog version " + version + " is not " + VERSION);
        }
        List<StreamState> streams = new ArrayList<>();
        for (Object item : json.getJsonArray("streams")) {
            streams.add(decodeStream((JsonObject) item, arnPrefix, handles, reading));
        }
        return new Stored(streams, decodeCommitment(json));
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
            JsonObject json = new JsonObject()
                .put("name", consumer.name())
                .put("status", consumer.status().name())
                .put("createdMillis", consumer.createdMillis());
            if (!consumer.tags().isEmpty()) {
                json.put("tags", new JsonObject(new java.util.LinkedHashMap<>(consumer.tags())));
            }
            consumer.resourcePolicy().ifPresent(policy -> json.put("resourcePolicy", policy));
            consumers.add(json);
        }
        JsonArray enhancedMetrics = new JsonArray();
        stream.enhancedMetrics().forEach(metric -> enhancedMetrics.add(metric.awsName()));
        JsonObject onDemand = new JsonObject().put("recordDistribution", stream.onDemand().distribution().name());
        stream.onDemand().warmThroughputMiBps().ifPresent(mibps -> onDemand.put("warmThroughputMiBps", mibps));
        JsonObject json = new JsonObject()
            .put("onDemand", onDemand)
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
        stream.resourcePolicy().ifPresent(policy -> json.put("resourcePolicy", policy));
        stream.encryption().ifPresent(encryption -> json.put("encryption", new JsonObject()
            .put("keyId", encryption.keyId())
            .put("keyArn", encryption.keyArn())));
        return json;
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
            if (reading == Reading.AS_STORED || consumerStatus != ConsumerState.ConsumerStatus.DELETING) {
                TreeMap<String, String> consumerTags = new TreeMap<>();
                consumer.getJsonObject("tags", new JsonObject())
                    .forEach(tag -> consumerTags.put(tag.getKey(), String.valueOf(tag.getValue())));
                ConsumerState.ConsumerStatus kept = reading == Reading.AS_STORED ? consumerStatus : ConsumerState.ConsumerStatus.ACTIVE;
                consumers.add(new ConsumerState(consumer.getString("name"), consumerArn, kept, consumerCreated)
                    .withTags(consumerTags)
                    .withResourcePolicy(Optional.ofNullable(consumer.getString("resourcePolicy"))));
            }
        }
        return new StreamState(name, arn,
            reading == Reading.RECOVERED && (status == StreamStatus.CREATING || status == StreamStatus.UPDATING)
                ? StreamStatus.ACTIVE : status,
            StreamMode.valueOf(json.getString("mode")), created, json.getInteger("retentionHours"),
            json.getInteger("maxRecordSizeKiB"), tags, shards)
            .withConsumers(consumers)
            .withEnhancedMetrics(ShardLevelMetric.expand(json.getJsonArray("enhancedMetrics", new JsonArray()).stream()
                .map(String::valueOf).toList()))
            .withOnDemand(decodeOnDemand(json.getJsonObject("onDemand")))
            .withResourcePolicy(Optional.ofNullable(json.getString("resourcePolicy")))
            .withEncryption(Optional.ofNullable(json.getJsonObject("encryption"))
                .map(encryption -> new StreamEncryption(encryption.getString("keyId"), encryption.getString("keyArn"))));
    }

    private static OnDemandSettings decodeOnDemand(JsonObject json) {
        if (json == null) {
            return OnDemandSettings.DEFAULT;
        }
        Integer warm = json.getInteger("warmThroughputMiBps");
        return new OnDemandSettings(warm == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(warm),
            RecordDistribution.valueOf(json.getString("recordDistribution", RecordDistribution.USER_PARTITION_KEY.name())));
    }

    private static OptionalLong optionalLong(JsonObject json, String key) {
        Long value = json.getLong(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
