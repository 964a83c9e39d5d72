package io.tributary.engine.stream;

import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * An immutable snapshot of one stream's metadata. Changes produce a new snapshot (see
 * {@link StreamCatalog}); readers never block and never see a half-made change.
 *
 * @param shards          every shard not yet expired, in shard-index order
 * @param enhancedMetrics the shard-level metrics enabled by EnableEnhancedMonitoring
 * @param encryption      the key records are encrypted under, since StartStreamEncryption; empty when none
 */
public record StreamState(
    String name,
    String arn,
    StreamStatus status,
    StreamMode mode,
    long createdMillis,
    int retentionHours,
    int maxRecordSizeKiB,
    SortedMap<String, String> tags,
    List<ShardState> shards,
    ShardRouter router,
    List<ConsumerState> consumers,
    Set<ShardLevelMetric> enhancedMetrics,
    Optional<StreamEncryption> encryption) {

    public StreamState(String name, String arn, StreamStatus status, StreamMode mode, long createdMillis,
                       int retentionHours, int maxRecordSizeKiB, SortedMap<String, String> tags, List<ShardState> shards) {
        this(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, List.copyOf(shards),
            new ShardRouter(shards), List.of(), Set.of(), Optional.empty());
    }

    /** A stream that is not encrypted. */
    public StreamState(String name, String arn, StreamStatus status, StreamMode mode, long createdMillis, int retentionHours,
                       int maxRecordSizeKiB, SortedMap<String, String> tags, List<ShardState> shards, ShardRouter router,
                       List<ConsumerState> consumers, Set<ShardLevelMetric> enhancedMetrics) {
        this(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router, consumers, enhancedMetrics,
            Optional.empty());
    }

    /** The account in the stream's ARN. */
    public String accountId() {
        return arn.split(":", 6)[4];
    }

    public Optional<ConsumerState> consumer(String consumerName) {
        return consumers.stream().filter(consumer -> consumer.name().equals(consumerName)).findFirst();
    }

    public StreamState withConsumers(List<ConsumerState> newConsumers) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            List.copyOf(newConsumers), enhancedMetrics, encryption);
    }

    public Optional<ShardState> shard(ShardId id) {
        int low = 0;
        int high = shards.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = shards.get(middle).id().compareTo(id);
            if (order == 0) {
                return Optional.of(shards.get(middle));
            }
            if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.empty();
    }

    /**
     * The shards Kinesis still lists at {@code nowMillis}: all but closed shards whose every record
     * has passed the retention period (EXPIRED, in the developer guide's words).
     */
    public List<ShardState> unexpiredShards(long nowMillis) {
        long retention = retentionMillis();
        return shards.stream()
            .filter(shard -> shard.closedMillis().isEmpty() || shard.closedMillis().getAsLong() + retention > nowMillis)
            .toList();
    }

    public int openShardCount() {
        return (int) shards.stream().filter(ShardState::isOpen).count();
    }

    public StreamState withStatus(StreamStatus newStatus) {
        return new StreamState(name, arn, newStatus, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, enhancedMetrics, encryption);
    }

    public StreamState withShards(List<ShardState> newShards) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags,
            List.copyOf(newShards), new ShardRouter(newShards), consumers, enhancedMetrics, encryption);
    }

    public StreamState withMode(StreamMode newMode) {
        return new StreamState(name, arn, status, newMode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router, consumers,
            enhancedMetrics, encryption);
    }

    public StreamState withMaxRecordSizeKiB(int kib) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, kib, tags, shards, router, consumers,
            enhancedMetrics, encryption);
    }

    public StreamState withRetentionHours(int hours) {
        return new StreamState(name, arn, status, mode, createdMillis, hours, maxRecordSizeKiB, tags, shards, router, consumers,
            enhancedMetrics, encryption);
    }

    public StreamState withTags(SortedMap<String, String> newTags) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB,
            java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(newTags)), shards, router, consumers,
            enhancedMetrics, encryption);
    }

    /** The stream with exactly these shard-level metrics enabled (Enable/DisableEnhancedMonitoring). */
    public StreamState withEnhancedMetrics(Set<ShardLevelMetric> metrics) {
        Set<ShardLevelMetric> copy = metrics.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(metrics));
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, copy, encryption);
    }

    /** The stream encrypting new records under a key (StartStreamEncryption), or no longer (StopStreamEncryption). */
    public StreamState withEncryption(Optional<StreamEncryption> newEncryption) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, enhancedMetrics, newEncryption);
    }

    public long retentionMillis() {
        return retentionHours * 3_600_000L;
    }
}
