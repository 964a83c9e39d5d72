package io.tributary.engine.model;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The shard-level metrics that EnableEnhancedMonitoring turns on, by their Kinesis names (the
 * {@code MetricsName} enum of the service model, less {@code ALL}, which stands for all of them).
 * Which meters each one adds is written in {@link io.tributary.engine.metrics.EngineMeter}.
 */
public enum ShardLevelMetric {
    INCOMING_BYTES("IncomingBytes"),
    INCOMING_RECORDS("IncomingRecords"),
    OUTGOING_BYTES("OutgoingBytes"),
    OUTGOING_RECORDS("OutgoingRecords"),
    WRITE_PROVISIONED_THROUGHPUT_EXCEEDED("WriteProvisionedThroughputExceeded"),
    READ_PROVISIONED_THROUGHPUT_EXCEEDED("ReadProvisionedThroughputExceeded"),
    ITERATOR_AGE_MILLISECONDS("IteratorAgeMilliseconds");

    /** The request value that names every metric. */
    public static final String ALL = "ALL";

    private final String awsName;

    ShardLevelMetric(String awsName) {
        this.awsName = awsName;
    }

    /** The name in requests, responses and CloudWatch. */
    public String awsName() {
        return awsName;
    }

    public static Optional<ShardLevelMetric> ofAwsName(String name) {
        for (ShardLevelMetric metric : values()) {
            if (metric.awsName.equals(name)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /**
     * The metrics a request's {@code ShardLevelMetrics} names, with {@code ALL} expanded to every
     * metric, as Kinesis does. Unknown names are the validator's concern and are skipped here.
     */
    public static Set<ShardLevelMetric> expand(Collection<String> names) {
        EnumSet<ShardLevelMetric> metrics = EnumSet.noneOf(ShardLevelMetric.class);
        for (String name : names) {
            if (ALL.equals(name)) {
                return Collections.unmodifiableSet(EnumSet.allOf(ShardLevelMetric.class));
            }
            ofAwsName(name).ifPresent(metrics::add);
        }
        return Collections.unmodifiableSet(metrics);
    }
}
