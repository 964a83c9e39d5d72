package io.tributary.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tributary.engine.model.ShardLevelMetric;
import java.time.Duration;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Every meter the engine records, declared once: its CloudWatch name (for the meters Kinesis has),
 * its Micrometer name, type, unit and tags, and the series name Prometheus shows. Meters are
 * registered when their stream, shard or consumer appears in the catalog and removed when it goes
 * (see {@link EngineMetrics}); shard-level meters exist only for the metrics that
 * EnableEnhancedMonitoring turned on.
 *
 * <p>Units are Prometheus's base units: bytes and seconds. Bytes are data plus partition key, as
 * Kinesis counts them for its quotas. Latencies are Micrometer timers, exported as histograms
 * (buckets from 1 ms to 2.5 s). Ages (IteratorAgeMilliseconds, MillisBehindLatest) are recorded in
 * milliseconds, as Kinesis measures them, and exported in seconds as summaries with a {@code _max}
 * gauge (the largest value of the last few minutes, like CloudWatch's Maximum statistic). A Success
 * count with its Latency count gives the success ratio:
 * {@code rate(..._success_total) / rate(..._latency_seconds_count)}.
 *
 * <table>
 *   <caption>CloudWatch metric, Prometheus series, tags</caption>
 *   <tr><th>CloudWatch</th><th>Prometheus</th><th>Tags</th></tr>
 *   <tr><td>IncomingBytes</td><td>kinesis_incoming_bytes_total</td><td>stream</td></tr>
 *   <tr><td>IncomingRecords</td><td>kinesis_incoming_records_total</td><td>stream</td></tr>
 *   <tr><td>PutRecord.Bytes</td><td>kinesis_put_record_bytes_total</td><td>stream</td></tr>
 *   <tr><td>PutRecord.Latency</td><td>kinesis_put_record_latency_seconds</td><td>stream</td></tr>
 *   <tr><td>PutRecord.Success</td><td>kinesis_put_record_success_total</td><td>stream</td></tr>
 *   <tr><td>PutRecords.Bytes</td><td>kinesis_put_records_bytes_total</td><td>stream</td></tr>
 *   <tr><td>PutRecords.Records</td><td>kinesis_put_records_records_total</td><td>stream</td></tr>
 *   <tr><td>PutRecords.Latency</td><td>kinesis_put_records_latency_seconds</td><td>stream</td></tr>
 *   <tr><td>PutRecords.Success</td><td>kinesis_put_records_success_total</td><td>stream</td></tr>
 *   <tr><td>PutRecords.FailedRecords</td><td>kinesis_put_records_failed_records_total</td><td>stream</td></tr>
 *   <tr><td>PutRecords.ThrottledRecords</td><td>kinesis_put_records_throttled_records_total</td><td>stream</td></tr>
 *   <tr><td>GetRecords.Bytes</td><td>kinesis_get_records_bytes_total</td><td>stream</td></tr>
 *   <tr><td>GetRecords.Records</td><td>kinesis_get_records_records_total</td><td>stream</td></tr>
 *   <tr><td>GetRecords.Latency</td><td>kinesis_get_records_latency_seconds</td><td>stream</td></tr>
 *   <tr><td>GetRecords.Success</td><td>kinesis_get_records_success_total</td><td>stream</td></tr>
 *   <tr><td>GetRecords.IteratorAgeMilliseconds</td><td>kinesis_get_records_iterator_age_seconds</td><td>stream</td></tr>
 *   <tr><td>ReadProvisionedThroughputExceeded</td><td>kinesis_read_provisioned_throughput_exceeded_total</td><td>stream</td></tr>
 *   <tr><td>WriteProvisionedThroughputExceeded</td><td>kinesis_write_provisioned_throughput_exceeded_total</td><td>stream</td></tr>
 *   <tr><td>SubscribeToShard.RateExceeded</td><td>kinesis_subscribe_to_shard_rate_exceeded_total</td><td>stream, consumer</td></tr>
 *   <tr><td>SubscribeToShard.Success</td><td>kinesis_subscribe_to_shard_success_total</td><td>stream, consumer</td></tr>
 *   <tr><td>SubscribeToShardEvent.Bytes</td><td>kinesis_subscribe_to_shard_event_bytes_total</td><td>stream, consumer</td></tr>
 *   <tr><td>SubscribeToShardEvent.Records</td><td>kinesis_subscribe_to_shard_event_records_total</td><td>stream, consumer</td></tr>
 *   <tr><td>SubscribeToShardEvent.MillisBehindLatest</td><td>kinesis_subscribe_to_shard_event_behind_latest_seconds</td><td>stream, consumer</td></tr>
 *   <tr><td>SubscribeToShardEvent.Success</td><td>kinesis_subscribe_to_shard_event_success_total</td><td>stream, consumer</td></tr>
 *   <tr><td>IncomingBytes (shard)</td><td>kinesis_shard_incoming_bytes_total</td><td>stream, shard</td></tr>
 *   <tr><td>IncomingRecords (shard)</td><td>kinesis_shard_incoming_records_total</td><td>stream, shard</td></tr>
 *   <tr><td>OutgoingBytes (shard)</td><td>kinesis_shard_outgoing_bytes_total</td><td>stream, shard</td></tr>
 *   <tr><td>OutgoingRecords (shard)</td><td>kinesis_shard_outgoing_records_total</td><td>stream, shard</td></tr>
 *   <tr><td>WriteProvisionedThroughputExceeded (shard)</td><td>kinesis_shard_write_provisioned_throughput_exceeded_total</td><td>stream, shard</td></tr>
 *   <tr><td>ReadProvisionedThroughputExceeded (shard)</td><td>kinesis_shard_read_provisioned_throughput_exceeded_total</td><td>stream, shard</td></tr>
 *   <tr><td>IteratorAgeMilliseconds (shard)</td><td>kinesis_shard_iterator_age_seconds</td><td>stream, shard</td></tr>
 *   <tr><td>(engine) log flush latency</td><td>tributary_log_flush_seconds</td><td></td></tr>
 *   <tr><td>(engine) bytes of shard logs on disk</td><td>tributary_storage_bytes</td><td>stream</td></tr>
 *   <tr><td>(engine) active SubscribeToShard subscriptions</td><td>tributary_fanout_subscriptions_active</td><td>stream</td></tr>
 * </table>
 *
 * <p>Shard-level series carry their own names ({@code kinesis_shard_*}) so that summing a
 * stream-level series never counts a record twice. The throttling meters read 0 until throughput
 * quotas are enforced; SubscribeToShard.RateExceeded counts calls refused because another
 * subscription of the consumer to the shard is active or was started less than a second earlier.
 */
public enum EngineMeter {
    INCOMING_BYTES(Scope.STREAM, "IncomingBytes", "kinesis.incoming.bytes", Meter.Type.COUNTER, "bytes",
        "kinesis_incoming_bytes_total", "Bytes put to the stream by PutRecord and PutRecords"),
    INCOMING_RECORDS(Scope.STREAM, "IncomingRecords", "kinesis.incoming.records", Meter.Type.COUNTER, null,
        "kinesis_incoming_records_total", "Records put to the stream by PutRecord and PutRecords"),
    PUT_RECORD_BYTES(Scope.STREAM, "PutRecord.Bytes", "kinesis.put.record.bytes", Meter.Type.COUNTER, "bytes",
        "kinesis_put_record_bytes_total", "Bytes put by successful PutRecord calls"),
    PUT_RECORD_LATENCY(Scope.STREAM, "PutRecord.Latency", "kinesis.put.record.latency", Meter.Type.TIMER, null,
        "kinesis_put_record_latency_seconds", "Time taken by PutRecord calls, successful or not"),
    PUT_RECORD_SUCCESS(Scope.STREAM, "PutRecord.Success", "kinesis.put.record.success", Meter.Type.COUNTER, null,
        "kinesis_put_record_success_total", "Successful PutRecord calls"),
    PUT_RECORDS_BYTES(Scope.STREAM, "PutRecords.Bytes", "kinesis.put.records.bytes", Meter.Type.COUNTER, "bytes",
        "kinesis_put_records_bytes_total", "Bytes put by successful PutRecords calls"),
    PUT_RECORDS_RECORDS(Scope.STREAM, "PutRecords.Records", "kinesis.put.records.records", Meter.Type.COUNTER, null,
        "kinesis_put_records_records_total", "Records put successfully by PutRecords calls"),
    PUT_RECORDS_LATENCY(Scope.STREAM, "PutRecords.Latency", "kinesis.put.records.latency", Meter.Type.TIMER, null,
        "kinesis_put_records_latency_seconds", "Time taken by PutRecords calls, successful or not"),
    PUT_RECORDS_SUCCESS(Scope.STREAM, "PutRecords.Success", "kinesis.put.records.success", Meter.Type.COUNTER, null,
        "kinesis_put_records_success_total", "PutRecords calls in which at least one record succeeded"),
    PUT_RECORDS_FAILED_RECORDS(Scope.STREAM, "PutRecords.FailedRecords", "kinesis.put.records.failed.records",
        Meter.Type.COUNTER, null, "kinesis_put_records_failed_records_total",
        "Records of PutRecords calls that failed with an internal error"),
    PUT_RECORDS_THROTTLED_RECORDS(Scope.STREAM, "PutRecords.ThrottledRecords", "kinesis.put.records.throttled.records",
        Meter.Type.COUNTER, null, "kinesis_put_records_throttled_records_total",
        "Records of PutRecords calls rejected for lack of write throughput"),
    GET_RECORDS_BYTES(Scope.STREAM, "GetRecords.Bytes", "kinesis.get.records.bytes", Meter.Type.COUNTER, "bytes",
        "kinesis_get_records_bytes_total", "Bytes returned by GetRecords"),
    GET_RECORDS_RECORDS(Scope.STREAM, "GetRecords.Records", "kinesis.get.records.records", Meter.Type.COUNTER, null,
        "kinesis_get_records_records_total", "Records returned by GetRecords"),
    GET_RECORDS_LATENCY(Scope.STREAM, "GetRecords.Latency", "kinesis.get.records.latency", Meter.Type.TIMER, null,
        "kinesis_get_records_latency_seconds", "Time taken by GetRecords calls on a valid iterator, successful or not"),
    GET_RECORDS_SUCCESS(Scope.STREAM, "GetRecords.Success", "kinesis.get.records.success", Meter.Type.COUNTER, null,
        "kinesis_get_records_success_total", "Successful GetRecords calls"),
    GET_RECORDS_ITERATOR_AGE(Scope.STREAM, "GetRecords.IteratorAgeMilliseconds", "kinesis.get.records.iterator.age",
        Meter.Type.DISTRIBUTION_SUMMARY, "seconds", "kinesis_get_records_iterator_age_seconds",
        "Age of the last record of each GetRecords call, 0 when the reader has caught up"),
    READ_PROVISIONED_THROUGHPUT_EXCEEDED(Scope.STREAM, "ReadProvisionedThroughputExceeded",
        "kinesis.read.provisioned.throughput.exceeded", Meter.Type.COUNTER, null,
        "kinesis_read_provisioned_throughput_exceeded_total", "GetRecords calls throttled for lack of read throughput"),
    WRITE_PROVISIONED_THROUGHPUT_EXCEEDED(Scope.STREAM, "WriteProvisionedThroughputExceeded",
        "kinesis.write.provisioned.throughput.exceeded", Meter.Type.COUNTER, null,
        "kinesis_write_provisioned_throughput_exceeded_total", "Records rejected for lack of write throughput"),

    SUBSCRIBE_TO_SHARD_RATE_EXCEEDED(Scope.CONSUMER, "SubscribeToShard.RateExceeded", "kinesis.subscribe.to.shard.rate.exceeded",
        Meter.Type.COUNTER, null, "kinesis_subscribe_to_shard_rate_exceeded_total",
        "SubscribeToShard calls refused: a subscription to the shard is active or was started within a second"),
    SUBSCRIBE_TO_SHARD_SUCCESS(Scope.CONSUMER, "SubscribeToShard.Success", "kinesis.subscribe.to.shard.success",
        Meter.Type.COUNTER, null, "kinesis_subscribe_to_shard_success_total", "Subscriptions established"),
    SUBSCRIBE_TO_SHARD_EVENT_BYTES(Scope.CONSUMER, "SubscribeToShardEvent.Bytes", "kinesis.subscribe.to.shard.event.bytes",
        Meter.Type.COUNTER, "bytes", "kinesis_subscribe_to_shard_event_bytes_total", "Bytes pushed to subscribers"),
    SUBSCRIBE_TO_SHARD_EVENT_RECORDS(Scope.CONSUMER, "SubscribeToShardEvent.Records", "kinesis.subscribe.to.shard.event.records",
        Meter.Type.COUNTER, null, "kinesis_subscribe_to_shard_event_records_total", "Records pushed to subscribers"),
    SUBSCRIBE_TO_SHARD_EVENT_MILLIS_BEHIND_LATEST(Scope.CONSUMER, "SubscribeToShardEvent.MillisBehindLatest",
        "kinesis.subscribe.to.shard.event.behind.latest", Meter.Type.DISTRIBUTION_SUMMARY, "seconds",
        "kinesis_subscribe_to_shard_event_behind_latest_seconds", "How far behind the shard's tip each pushed event was"),
    SUBSCRIBE_TO_SHARD_EVENT_SUCCESS(Scope.CONSUMER, "SubscribeToShardEvent.Success", "kinesis.subscribe.to.shard.event.success",
        Meter.Type.COUNTER, null, "kinesis_subscribe_to_shard_event_success_total", "Events pushed to subscribers"),

    SHARD_INCOMING_BYTES(ShardLevelMetric.INCOMING_BYTES, "kinesis.shard.incoming.bytes", Meter.Type.COUNTER, "bytes",
        "kinesis_shard_incoming_bytes_total", "Bytes put to the shard"),
    SHARD_INCOMING_RECORDS(ShardLevelMetric.INCOMING_RECORDS, "kinesis.shard.incoming.records", Meter.Type.COUNTER, null,
        "kinesis_shard_incoming_records_total", "Records put to the shard"),
    SHARD_OUTGOING_BYTES(ShardLevelMetric.OUTGOING_BYTES, "kinesis.shard.outgoing.bytes", Meter.Type.COUNTER, "bytes",
        "kinesis_shard_outgoing_bytes_total", "Bytes read from the shard by GetRecords"),
    SHARD_OUTGOING_RECORDS(ShardLevelMetric.OUTGOING_RECORDS, "kinesis.shard.outgoing.records", Meter.Type.COUNTER, null,
        "kinesis_shard_outgoing_records_total", "Records read from the shard by GetRecords"),
    SHARD_WRITE_PROVISIONED_THROUGHPUT_EXCEEDED(ShardLevelMetric.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED,
        "kinesis.shard.write.provisioned.throughput.exceeded", Meter.Type.COUNTER, null,
        "kinesis_shard_write_provisioned_throughput_exceeded_total", "Records rejected by the shard for lack of write throughput"),
    SHARD_READ_PROVISIONED_THROUGHPUT_EXCEEDED(ShardLevelMetric.READ_PROVISIONED_THROUGHPUT_EXCEEDED,
        "kinesis.shard.read.provisioned.throughput.exceeded", Meter.Type.COUNTER, null,
        "kinesis_shard_read_provisioned_throughput_exceeded_total", "GetRecords calls on the shard throttled for lack of read throughput"),
    SHARD_ITERATOR_AGE(ShardLevelMetric.ITERATOR_AGE_MILLISECONDS, "kinesis.shard.iterator.age",
        Meter.Type.DISTRIBUTION_SUMMARY, "seconds", "kinesis_shard_iterator_age_seconds",
        "Age of the last record of each GetRecords call on the shard, 0 when the reader has caught up"),

    LOG_FLUSH_LATENCY(Scope.SERVER, null, "tributary.log.flush", Meter.Type.TIMER, null, "tributary_log_flush_seconds",
        "Time taken by one group-commit flush (fsync) of a shard log"),
    STORAGE_BYTES(Scope.STREAM, null, "tributary.storage.bytes", Meter.Type.GAUGE, "bytes", "tributary_storage_bytes",
        "Bytes of the stream's shard log segments on disk"),
    FANOUT_SUBSCRIPTIONS_ACTIVE(Scope.STREAM, null, "tributary.fanout.subscriptions.active", Meter.Type.GAUGE, null,
        "tributary_fanout_subscriptions_active", "SubscribeToShard subscriptions now pushing events");

    /** What a meter is about, which decides its tags. */
    public enum Scope {
        /** Tagged {@code stream}. */
        STREAM,
        /** Tagged {@code stream} and {@code shard}; registered only while enhanced monitoring enables it. */
        SHARD,
        /** Tagged {@code stream} and {@code consumer} (the consumer's name). */
        CONSUMER,
        /** One for the whole server, untagged. */
        SERVER
    }

    public static final String STREAM_TAG = "stream";
    public static final String SHARD_TAG = "shard";
    public static final String CONSUMER_TAG = "consumer";

    private static final double SECONDS_PER_MILLISECOND = 1e-3;

    /** Histogram buckets of every latency timer. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500)};

    private final Scope scope;
    private final String cloudWatchName;
    private final ShardLevelMetric shardLevelMetric;
    private final String name;
    private final Meter.Type type;
    private final String baseUnit;
    private final String prometheusName;
    private final String description;

    EngineMeter(Scope scope, String cloudWatchName, String name, Meter.Type type, String baseUnit, String prometheusName,
                String description) {
        this(scope, cloudWatchName, null, name, type, baseUnit, prometheusName, description);
    }

    EngineMeter(ShardLevelMetric shardLevelMetric, String name, Meter.Type type, String baseUnit, String prometheusName,
                String description) {
        this(Scope.SHARD, shardLevelMetric.awsName(), shardLevelMetric, name, type, baseUnit, prometheusName, description);
    }

    EngineMeter(Scope scope, String cloudWatchName, ShardLevelMetric shardLevelMetric, String name, Meter.Type type,
                String baseUnit, String prometheusName, String description) {
        this.scope = scope;
        this.cloudWatchName = cloudWatchName;
        this.shardLevelMetric = shardLevelMetric;
        this.name = name;
        this.type = type;
        this.baseUnit = baseUnit;
        this.prometheusName = prometheusName;
        this.description = description;
    }

    public Scope scope() {
        return scope;
    }

    /** The CloudWatch metric this meter stands for; empty for the engine's own meters. */
    public Optional<String> cloudWatchName() {
        return Optional.ofNullable(cloudWatchName);
    }

    /** For a shard-level meter, the enhanced-monitoring metric that turns it on. */
    public Optional<ShardLevelMetric> shardLevelMetric() {
        return Optional.ofNullable(shardLevelMetric);
    }

    /** The Micrometer name. */
    public String meterName() {
        return name;
    }

    public Meter.Type type() {
        return type;
    }

    /**
     * The metric family a Prometheus scrape shows: the sample name of counters and gauges; the stem
     * of {@code _count}, {@code _sum}, {@code _bucket} and {@code _max} for timers and summaries.
     */
    public String prometheusName() {
        return prometheusName;
    }

    public String description() {
        return description;
    }

    Counter counter(MeterRegistry registry, Tags tags) {
        check(Meter.Type.COUNTER);
        return Counter.builder(name).baseUnit(baseUnit).description(description).tags(tags).register(registry);
    }

    Timer timer(MeterRegistry registry, Tags tags) {
        check(Meter.Type.TIMER);
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    /** A summary of ages: recorded in milliseconds, exported in seconds. */
    DistributionSummary summary(MeterRegistry registry, Tags tags) {
        check(Meter.Type.DISTRIBUTION_SUMMARY);
        return DistributionSummary.builder(name).baseUnit(baseUnit).scale(SECONDS_PER_MILLISECOND).description(description).tags(tags)
            .register(registry);
    }

    <T> Gauge gauge(MeterRegistry registry, Tags tags, T source, ToDoubleFunction<T> value) {
        check(Meter.Type.GAUGE);
        return Gauge.builder(name, source, value).baseUnit(baseUnit).description(description).tags(tags).strongReference(true)
            .register(registry);
    }

    /** Registers a counter, timer or summary (gauges need a source: {@link #gauge}). */
    Meter register(MeterRegistry registry, Tags tags) {
        return switch (type) {
            case COUNTER -> counter(registry, tags);
            case TIMER -> timer(registry, tags);
            case DISTRIBUTION_SUMMARY -> summary(registry, tags);
            default -> throw new IllegalStateException(this + " is a " + type + " and needs a source");
        };
    }

    private void check(Meter.Type expected) {
        if (type != expected) {
            throw new IllegalStateException(this + " is a " + type + ", not a " + expected);
        }
    }
}
