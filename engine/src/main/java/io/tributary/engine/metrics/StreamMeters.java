package io.tributary.engine.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.RecordSize;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one stream: its stream-level meters, the shard-level meters its enhanced
 * monitoring enables, and the meters of its consumers. The data plane records through it; the
 * catalog's changes keep it in line with the stream ({@link #update}).
 *
 * <p>Concurrency: recording is thread-safe. {@link #update} and {@link #remove} run on the metadata
 * owner's thread only, one at a time; they publish new shard and consumer maps whole, so that
 * recorders never see a half-made one.
 */
public final class StreamMeters {
    private final MeterRegistry registry;
    private final String streamName;
    private final long createdMillis;
    private final MeterSet meters;
    private final AtomicInteger activeSubscriptions = new AtomicInteger();
    private final ConsumerMeters noConsumer = new ConsumerMeters("", new MeterSet(null, Tags.empty()));
    private volatile List<ShardState> shards = List.of();
    private volatile Set<ShardLevelMetric> shardMetrics = Set.of();
    private volatile Map<ShardId, MeterSet> shardMeters = Map.of();
    private volatile Map<String, ConsumerMeters> consumerMeters = Map.of();
    private volatile Map<ShardId, ShardCounters> shardCounters = Map.of();
    /** The stream as last updated; metadata owner thread only. */
    private StreamState updatedTo;

    /** Registers the stream-level meters of {@code stream}; {@link #update} adds its shards and consumers. */
    StreamMeters(MeterRegistry registry, StreamState stream) {
        this.registry = registry;
        this.streamName = stream.name();
        this.createdMillis = stream.createdMillis();
        this.meters = new MeterSet(registry, Tags.of(EngineMeter.STREAM_TAG, streamName));
        for (EngineMeter meter : EngineMeter.values()) {
            if (meter.scope() == EngineMeter.Scope.STREAM && meter.type() != Meter.Type.GAUGE) {
                meters.register(meter);
            }
        }
        meters.gauge(EngineMeter.STORAGE_BYTES, this, StreamMeters::storedBytes);
        meters.gauge(EngineMeter.FANOUT_SUBSCRIPTIONS_ACTIVE, activeSubscriptions, AtomicInteger::get);
    }

    /** Meters that record nothing: for a stream the catalog no longer (or does not yet) hold. */
    private StreamMeters(String streamName) {
        this.registry = null;
        this.streamName = streamName;
        this.createdMillis = Long.MIN_VALUE;
        this.meters = new MeterSet(null, Tags.empty());
    }

    static StreamMeters none(String streamName) {
        return new StreamMeters(streamName);
    }

    boolean isFor(StreamState stream) {
        return stream.name().equals(streamName) && stream.createdMillis() == createdMillis;
    }

    /** Records appended to one shard by PutRecord or PutRecords. */
    public void incoming(ShardId shard, int records, long bytes) {
        meters.count(EngineMeter.INCOMING_RECORDS, records);
        meters.count(EngineMeter.INCOMING_BYTES, bytes);
        ShardCounters counters = shardCounters.get(shard);
        if (counters != null) {
            counters.incoming(records, bytes);
        }
        MeterSet perShard = shardMeters.get(shard);
        if (perShard != null) {
            perShard.count(EngineMeter.SHARD_INCOMING_RECORDS, records);
            perShard.count(EngineMeter.SHARD_INCOMING_BYTES, bytes);
        }
    }

    /** Records refused by one shard's write throughput. */
    public void writeThrottled(ShardId shard, int records) {
        meters.count(EngineMeter.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED, records);
        ShardCounters counters = shardCounters.get(shard);
        if (counters != null) {
            counters.writeThrottled(records);
        }
        MeterSet perShard = shardMeters.get(shard);
        if (perShard != null) {
            perShard.count(EngineMeter.SHARD_WRITE_PROVISIONED_THROUGHPUT_EXCEEDED, records);
        }
    }

    /** A GetRecords call refused by one shard's read throughput. */
    public void readThrottled(ShardId shard) {
        meters.count(EngineMeter.READ_PROVISIONED_THROUGHPUT_EXCEEDED, 1);
        ShardCounters counters = shardCounters.get(shard);
        if (counters != null) {
            counters.readThrottled();
        }
        MeterSet perShard = shardMeters.get(shard);
        if (perShard != null) {
            perShard.count(EngineMeter.SHARD_READ_PROVISIONED_THROUGHPUT_EXCEEDED, 1);
        }
    }

    /** Entries of one PutRecords call that failed, all of them for throughput. */
    public void putRecordsEntriesThrottled(int records) {
        meters.count(EngineMeter.PUT_RECORDS_FAILED_RECORDS, records);
        meters.count(EngineMeter.PUT_RECORDS_THROTTLED_RECORDS, records);
    }

    public void putRecordSucceeded(long nanos, long bytes) {
        meters.time(EngineMeter.PUT_RECORD_LATENCY, nanos);
        meters.count(EngineMeter.PUT_RECORD_SUCCESS, 1);
        meters.count(EngineMeter.PUT_RECORD_BYTES, bytes);
    }

    public void putRecordFailed(long nanos) {
        meters.time(EngineMeter.PUT_RECORD_LATENCY, nanos);
    }

    public void putRecordsSucceeded(long nanos, int records, long bytes) {
        meters.time(EngineMeter.PUT_RECORDS_LATENCY, nanos);
        meters.count(EngineMeter.PUT_RECORDS_SUCCESS, 1);
        meters.count(EngineMeter.PUT_RECORDS_RECORDS, records);
        meters.count(EngineMeter.PUT_RECORDS_BYTES, bytes);
    }

    public void putRecordsFailed(long nanos) {
        meters.time(EngineMeter.PUT_RECORDS_LATENCY, nanos);
    }

    /**
     * A GetRecords call on {@code shard} returned {@code records}, which are {@code iteratorAgeMillis}
     * behind the tip.
     */
    public void getRecordsSucceeded(ShardId shard, long nanos, List<LogRecord> records, long iteratorAgeMillis) {
        long bytes = bytesOf(records);
        meters.time(EngineMeter.GET_RECORDS_LATENCY, nanos);
        meters.count(EngineMeter.GET_RECORDS_SUCCESS, 1);
        meters.count(EngineMeter.GET_RECORDS_RECORDS, records.size());
        meters.count(EngineMeter.GET_RECORDS_BYTES, bytes);
        meters.ageMillis(EngineMeter.GET_RECORDS_ITERATOR_AGE, iteratorAgeMillis);
        ShardCounters counters = shardCounters.get(shard);
        if (counters != null) {
            counters.outgoing(bytes, iteratorAgeMillis);
        }
        MeterSet perShard = shardMeters.get(shard);
        if (perShard != null) {
            perShard.count(EngineMeter.SHARD_OUTGOING_RECORDS, records.size());
            perShard.count(EngineMeter.SHARD_OUTGOING_BYTES, bytes);
            perShard.ageMillis(EngineMeter.SHARD_ITERATOR_AGE, iteratorAgeMillis);
        }
    }

    public void getRecordsFailed(long nanos) {
        meters.time(EngineMeter.GET_RECORDS_LATENCY, nanos);
    }

    /** The meters of a consumer of this stream, by ARN; meters that record nothing if it is not registered. */
    public ConsumerMeters consumer(String consumerArn) {
        return consumerMeters.getOrDefault(consumerArn, noConsumer);
    }

    /**
     * What the stream's meters hold now, for the console's charts: running totals (rates are the
     * reader's differences), the largest GetRecords iterator age of the last few minutes, each
     * shard's counters and each consumer's fan-out totals and lag.
     */
    public Reading read() {
        Map<ShardId, ShardCounters.Reading> shards = new java.util.LinkedHashMap<>();
        shardCounters.forEach((id, counters) -> shards.put(id, counters.read()));
        List<ConsumerMeters.Reading> consumers = new java.util.ArrayList<>();
        consumerMeters.values().forEach(consumer -> consumers.add(consumer.read()));
        return new Reading(
            (long) meters.value(EngineMeter.INCOMING_RECORDS),
            (long) meters.value(EngineMeter.INCOMING_BYTES),
            (long) meters.value(EngineMeter.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED),
            (long) meters.value(EngineMeter.READ_PROVISIONED_THROUGHPUT_EXCEEDED),
            (long) meters.value(EngineMeter.GET_RECORDS_BYTES),
            Math.round(meters.value(EngineMeter.GET_RECORDS_ITERATOR_AGE) * 1000),
            activeSubscriptions.get(), shards, consumers);
    }

    /** See {@link #read()}; ages in milliseconds. */
    public record Reading(long incomingRecords, long incomingBytes, long writeThrottledRecords, long readThrottledCalls,
                          long getRecordsBytes, long maxIteratorAgeMillis, int activeSubscriptions,
                          Map<ShardId, ShardCounters.Reading> shards, List<ConsumerMeters.Reading> consumers) {
    }

    public void subscriptionStarted() {
        activeSubscriptions.incrementAndGet();
    }

    public void subscriptionEnded() {
        activeSubscriptions.decrementAndGet();
    }

    /** Data and partition-key bytes of records, as Kinesis counts them. */
    public static long bytesOf(List<LogRecord> records) {
        long bytes = 0;
        for (LogRecord record : records) {
            bytes += RecordSize.of(record.partitionKey(), record.data());
        }
        return bytes;
    }

    /**
     * Brings the shard and consumer meters in line with the stream: meters of new shards and
     * consumers are registered, those of expired shards, deregistered consumers and disabled
     * shard-level metrics are removed. Metadata owner thread only.
     */
    void update(StreamState stream) {
        if (stream == updatedTo) {
            return;
        }
        updatedTo = stream;
        shards = stream.shards();
        updateShardCounters(stream);
        updateShards(stream);
        updateConsumers(stream);
    }

    /** Removes every meter of the stream. Metadata owner thread only. */
    void remove() {
        meters.remove();
        shardMeters.values().forEach(MeterSet::remove);
        consumerMeters.values().forEach(ConsumerMeters::remove);
        shardMeters = Map.of();
        shardCounters = Map.of();
        consumerMeters = Map.of();
        shards = List.of();
    }

    private void updateShardCounters(StreamState stream) {
        Map<ShardId, ShardCounters> current = shardCounters;
        Map<ShardId, ShardCounters> next = new java.util.LinkedHashMap<>();
        for (ShardState shard : stream.shards()) {
            ShardCounters kept = current.get(shard.id());
            next.put(shard.id(), kept != null ? kept : new ShardCounters());
        }
        shardCounters = java.util.Collections.unmodifiableMap(next);
    }

    private void updateShards(StreamState stream) {
        Map<ShardId, MeterSet> current = shardMeters;
        Map<ShardId, MeterSet> next = new HashMap<>();
        boolean sameMetrics = shardMetrics.equals(stream.enhancedMetrics());
        for (ShardState shard : stream.shards()) {
            MeterSet kept = sameMetrics ? current.get(shard.id()) : null;
            if (kept != null) {
                next.put(shard.id(), kept);
            } else if (!stream.enhancedMetrics().isEmpty()) {
                next.put(shard.id(), shardMeterSet(shard.id(), stream.enhancedMetrics()));
            }
        }
        shardMetrics = stream.enhancedMetrics();
        shardMeters = Map.copyOf(next);
        current.forEach((id, set) -> {
            MeterSet successor = next.get(id);
            if (successor == null) {
                set.remove();
            } else if (successor != set) {
                set.removeAllBut(successor);
            }
        });
    }

    private MeterSet shardMeterSet(ShardId shard, Set<ShardLevelMetric> enabled) {
        MeterSet set = new MeterSet(registry, Tags.of(EngineMeter.STREAM_TAG, streamName, EngineMeter.SHARD_TAG, shard.toString()));
        for (EngineMeter meter : EngineMeter.values()) {
            if (meter.shardLevelMetric().filter(enabled::contains).isPresent()) {
                set.register(meter);
            }
        }
        return set;
    }

    private void updateConsumers(StreamState stream) {
        Map<String, ConsumerMeters> current = consumerMeters;
        Map<String, ConsumerMeters> next = new HashMap<>();
        for (ConsumerState consumer : stream.consumers()) {
            ConsumerMeters kept = current.get(consumer.arn());
            next.put(consumer.arn(), kept != null ? kept : new ConsumerMeters(consumer.name(), consumerMeterSet(consumer.name())));
        }
        consumerMeters = Map.copyOf(next);
        current.forEach((arn, consumer) -> {
            if (!next.containsKey(arn)) {
                consumer.remove();
            }
        });
    }

    private MeterSet consumerMeterSet(String consumerName) {
        MeterSet set = new MeterSet(registry, Tags.of(EngineMeter.STREAM_TAG, streamName, EngineMeter.CONSUMER_TAG, consumerName));
        for (EngineMeter meter : EngineMeter.values()) {
            if (meter.scope() == EngineMeter.Scope.CONSUMER) {
                set.register(meter);
            }
        }
        return set;
    }

    private double storedBytes() {
        long bytes = 0;
        for (ShardState shard : shards) {
            bytes += shard.handle().storedBytes();
        }
        return bytes;
    }
}
