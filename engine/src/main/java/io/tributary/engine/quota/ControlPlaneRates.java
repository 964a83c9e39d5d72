package io.tributary.engine.quota;

import io.tributary.engine.error.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Kinesis's call-rate limits for control-plane operations, per account (QUOTAS.md §2–3): beyond
 * them a call gets LimitExceededException, which the AWS SDK does not retry by default. Operations
 * not listed here (the data plane, ListShards at 1,000 per stream) are not limited by this class.
 *
 * <p>Concurrency: thread-safe; each operation's bucket is guarded by itself.
 */
public final class ControlPlaneRates {
    /** Calls per second per account, from the model's documentation and the developer guide. */
    private static final Map<String, Integer> PER_SECOND = Map.ofEntries(
        Map.entry("CreateStream", 5),
        Map.entry("DeleteStream", 5),
        Map.entry("DescribeStream", 10),
        Map.entry("DescribeStreamSummary", 20),
        Map.entry("ListStreams", 5),
        Map.entry("DescribeLimits", 1),
        Map.entry("AddTagsToStream", 5),
        Map.entry("RemoveTagsFromStream", 5),
        Map.entry("ListTagsForStream", 5),
        Map.entry("MergeShards", 5),
        Map.entry("SplitShard", 5),
        Map.entry("UpdateShardCount", 10),
        Map.entry("IncreaseStreamRetentionPeriod", 5),
        Map.entry("DecreaseStreamRetentionPeriod", 5),
        Map.entry("EnableEnhancedMonitoring", 5),
        Map.entry("DisableEnhancedMonitoring", 5),
        Map.entry("RegisterStreamConsumer", 5),
        Map.entry("DeregisterStreamConsumer", 5),
        Map.entry("DescribeStreamConsumer", 20),
        Map.entry("ListStreamConsumers", 5),
        Map.entry("DescribeAccountSettings", 5),
        Map.entry("UpdateAccountSettings", 5),
        Map.entry("UpdateStreamWarmThroughput", 5));

    private final String account;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    public ControlPlaneRates(String account, LongSupplier nanoTime) {
        this.account = account;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        PER_SECOND.forEach((operation, rate) -> buckets.put(operation, new TokenBucket(rate, now)));
    }

    /** Admits one call of {@code operation}, or throws LimitExceededException. */
    public void admit(String operation) {
        TokenBucket bucket = buckets.get(operation);
        if (bucket == null) {
            return;
        }
        boolean admitted;
        synchronized (bucket) {
            admitted = bucket.tryTake(1, nanoTime.getAsLong());
        }
        if (!admitted) {
            throw ErrorCode.LIMIT_EXCEEDED.exception("Rate exceeded for " + operation + " under account " + account
                + ": at most " + PER_SECOND.get(operation) + " calls per second.");
        }
    }
}
