package io.tributary.engine.stream;

import io.tributary.engine.model.RecordDistribution;
import java.util.OptionalInt;

/**
 * What only an on-demand stream may set: the warm throughput it is kept scaled for
 * (UpdateStreamWarmThroughput, in MiB/s of writes) and how its records are distributed
 * (UpdateStreamRecordDistributionStrategy). A provisioned stream always has {@link #DEFAULT}.
 *
 * @param warmThroughputMiBps the asked warm throughput, if one was asked
 */
public record OnDemandSettings(OptionalInt warmThroughputMiBps, RecordDistribution distribution) {
    public static final OnDemandSettings DEFAULT = new OnDemandSettings(OptionalInt.empty(), RecordDistribution.USER_PARTITION_KEY);

    public OnDemandSettings withWarmThroughput(int mibps) {
        return new OnDemandSettings(OptionalInt.of(mibps), distribution);
    }

    public OnDemandSettings withDistribution(RecordDistribution newDistribution) {
        return new OnDemandSettings(warmThroughputMiBps, newDistribution);
    }
}
