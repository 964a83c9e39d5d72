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
 * @param onDemand        warm throughput and record distribution, which only on-demand streams set
 * @param resourcePolicy  the stream's resource policy (PutResourcePolicy), as the JSON text given
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
    OnDemandSettings onDemand,
    Optional<String> resourcePolicy,
    Optional<StreamEncryption> encryption) {

    public StreamState(String name, String arn, StreamStatus status, StreamMode mode, long createdMillis,
                       int retentionHours, int maxRecordSizeKiB, SortedMap<String, String> tags, List<ShardState> shards) {
        this(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, List.copyOf(shards),
            new ShardRouter(shards), List.of(), Set.of(), OnDemandSettings.DEFAULT, Optional.empty(), Optional.empty());
    }

    /** A stream with the default on-demand settings. */
    public StreamState(String name, String arn, StreamStatus status, StreamMode mode, long createdMillis, int retentionHours,
                       int maxRecordSizeKiB, SortedMap<String, String> tags, List<ShardState> shards, ShardRouter router,
                       List<ConsumerState> consumers, Set<ShardLevelMetric> enhancedMetrics) {
        this(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router, consumers,
            enhancedMetrics, OnDemandSettings.DEFAULT, Optional.empty(), Optional.empty());
    }

    public StreamState withOnDemand(OnDemandSettings settings) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, enhancedMetrics, settings, resourcePolicy, encryption);
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
            List.copyOf(newConsumers), enhancedMetrics, onDemand, resourcePolicy, encryption);
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
            consumers, enhancedMetrics, onDemand, resourcePolicy, encryption);
    }

    public StreamState withShards(List<ShardState> newShards) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags,
            List.copyOf(newShards), new ShardRouter(newShards), consumers, enhancedMetrics, onDemand, resourcePolicy, encryption);
    }

    /** The stream in another capacity mode; a provisioned stream keeps no on-demand settings. */
    public StreamState withMode(StreamMode newMode) {
        return new StreamState(name, arn, status, newMode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router, consumers,
            enhancedMetrics, newMode == StreamMode.PROVISIONED ? OnDemandSettings.DEFAULT : onDemand, resourcePolicy, encryption);
    }

    public StreamState withMaxRecordSizeKiB(int kib) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, kib, tags, shards, router, consumers,
            enhancedMetrics, onDemand, resourcePolicy, encryption);
    }

    public StreamState withRetentionHours(int hours) {
        return new StreamState(name, arn, status, mode, createdMillis, hours, maxRecordSizeKiB, tags, shards, router, consumers,
            enhancedMetrics, onDemand, resourcePolicy, encryption);
    }

    public StreamState withTags(SortedMap<String, String> newTags) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB,
            java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(newTags)), shards, router, consumers,
            enhancedMetrics, onDemand, resourcePolicy, encryption);
    }

    /** The stream with exactly these shard-level metrics enabled (Enable/DisableEnhancedMonitoring). */
    public StreamState withEnhancedMetrics(Set<ShardLevelMetric> metrics) {
        Set<ShardLevelMetric> copy = metrics.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(metrics));
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, copy, onDemand, resourcePolicy, encryption);
    }

    /** The stream encrypting new records under a key (StartStreamEncryption), or no longer (StopStreamEncryption). */
    public StreamState withEncryption(Optional<StreamEncryption> newEncryption) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, enhancedMetrics, onDemand, resourcePolicy, newEncryption);
    }

    /** The stream with this resource policy, or none. */
    public StreamState withResourcePolicy(Optional<String> policy) {
        return new StreamState(name, arn, status, mode, createdMillis, retentionHours, maxRecordSizeKiB, tags, shards, router,
            consumers, enhancedMetrics, onDemand, policy, encryption);
    }

    /** The consumer with this ARN, if the stream has it. */
    public Optional<ConsumerState> consumerByArn(String consumerArn) {
        return consumers.stream().filter(consumer -> consumer.arn().equals(consumerArn)).findFirst();
    }

    /** The stream with {@code replacement} in place of the consumer of the same ARN. */
    public StreamState withConsumer(ConsumerState replacement) {
        return withConsumers(consumers.stream()
            .map(consumer -> consumer.arn().equals(replacement.arn()) ? replacement : consumer).toList());
    }

    public long retentionMillis() {
        return retentionHours * 3_600_000L;
    }
}
