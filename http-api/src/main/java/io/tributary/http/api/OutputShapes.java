package io.tributary.http.api;

import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.stream.BillingCommitment;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.protocol.Output;
import java.io.IOException;
import java.util.Set;

/** The response structures several operations share, written one way. */
public final class OutputShapes {
    private OutputShapes() {
    }

    /** A {@code Shard}: id, lineage, hash key range and sequence number range. */
    public static void shard(Output out, ShardState shard) throws IOException {
        out.startObject().string("ShardId", shard.id().toString());
        if (shard.parent().isPresent()) {
            out.string("ParentShardId", shard.parent().get().toString());
        }
        if (shard.adjacentParent().isPresent()) {
            out.string("AdjacentParentShardId", shard.adjacentParent().get().toString());
        }
        hashKeyRange(out, shard);
        out.startObject("SequenceNumberRange")
            .string("StartingSequenceNumber", shard.sequenceNumber(SequenceNumber.BEFORE_FIRST).toString());
        if (!shard.isOpen()) {
            out.string("EndingSequenceNumber", shard.sequenceNumber(shard.endingPosition().getAsLong() - 1).toString());
        }
        out.endObject().endObject();
    }

    /** A {@code ChildShard}: what a reader at the end of a closed shard moves on to. */
    public static void childShard(Output out, ShardState child) throws IOException {
        out.startObject().string("ShardId", child.id().toString()).startArray("ParentShards");
        if (child.parent().isPresent()) {
            out.stringValue(child.parent().get().toString());
        }
        if (child.adjacentParent().isPresent()) {
            out.stringValue(child.adjacentParent().get().toString());
        }
        out.endArray();
        hashKeyRange(out, child);
        out.endObject();
    }

    /** A {@code Record} of the shard whose sequence numbers {@code sequences} writes. */
    public static void record(Output out, SequenceNumber.ShardText sequences, LogRecord record) throws IOException {
        out.startObject()
            .string("SequenceNumber", sequences.of(record.position()))
            .timestamp("ApproximateArrivalTimestamp", record.arrivalMillis())
            .blob("Data", record.data())
            .string("PartitionKey", record.partitionKey());
        if (record.encrypted()) {
            out.string("EncryptionType", "KMS");
        }
        out.endObject();
    }

    /**
     * A stream's {@code EncryptionType} and, while it is encrypted, its {@code KeyId} as the caller
     * of StartStreamEncryption named it.
     */
    public static void encryption(Output out, StreamState stream) throws IOException {
        if (stream.encryption().isPresent()) {
            out.string("EncryptionType", "KMS").string("KeyId", stream.encryption().get().keyId());
        } else {
            out.string("EncryptionType", "NONE");
        }
    }

    /** {@code EncryptionType} of a PutRecord or PutRecords answer: whether the stream encrypted what it took. */
    public static String encryptionType(StreamState stream) {
        return stream.encryption().isPresent() ? "KMS" : "NONE";
    }

    /** A {@code Consumer}; with the stream's ARN it is a {@code ConsumerDescription}. */
    public static void consumer(Output out, ConsumerState consumer) throws IOException {
        out.string("ConsumerName", consumer.name())
            .string("ConsumerARN", consumer.arn())
            .string("ConsumerStatus", consumer.status().name())
            .timestamp("ConsumerCreationTimestamp", consumer.createdMillis());
    }

    public static void streamMode(Output out, StreamState stream) throws IOException {
        out.startObject("StreamModeDetails").string("StreamMode", stream.mode().name()).endObject();
    }

    /** {@code EnhancedMonitoring}: one entry listing the shard-level metrics enabled, none by default. */
    public static void enhancedMonitoring(Output out, StreamState stream) throws IOException {
        out.startArray("EnhancedMonitoring").startObject();
        metricsNames(out, "ShardLevelMetrics", stream.enhancedMetrics());
        out.endObject().endArray();
    }

    /**
     * An {@code EnhancedMonitoringOutput}: the stream, and its shard-level metrics before and after
     * Enable/DisableEnhancedMonitoring.
     */
    public static void enhancedMonitoringOutput(Output out, StreamState stream, Set<ShardLevelMetric> before,
                                                Set<ShardLevelMetric> after) throws IOException {
        out.string("StreamName", stream.name());
        metricsNames(out, "CurrentShardLevelMetrics", before);
        metricsNames(out, "DesiredShardLevelMetrics", after);
        out.string("StreamARN", stream.arn());
    }

    /** A {@code MetricsNameList}: the metrics' Kinesis names, in the model's order. */
    public static void metricsNames(Output out, String member, Set<ShardLevelMetric> metrics) throws IOException {
        out.startArray(member);
        for (ShardLevelMetric metric : ShardLevelMetric.values()) {
            if (metrics.contains(metric)) {
                out.stringValue(metric.awsName());
            }
        }
        out.endArray();
    }

    /** A MinimumThroughputBillingCommitmentOutput, as the commitment stands at {@code nowMillis}. */
    public static void billingCommitment(Output out, BillingCommitment stored, long nowMillis) throws IOException {
        BillingCommitment commitment = stored.asOf(nowMillis);
        out.startObject("MinimumThroughputBillingCommitment").string("Status", commitment.status().name());
        if (commitment.startedMillis().isPresent()) {
            out.timestamp("StartedAt", commitment.startedMillis().getAsLong());
        }
        if (commitment.endedMillis().isPresent()) {
            out.timestamp("EndedAt", commitment.endedMillis().getAsLong());
        }
        if (commitment.earliestAllowedEndMillis().isPresent()) {
            out.timestamp("EarliestAllowedEndAt", commitment.earliestAllowedEndMillis().getAsLong());
        }
        out.endObject();
    }

    /**
     * An on-demand stream's WarmThroughputObject: the throughput it was asked to stay warm for (its
     * current capacity, if none was asked) and the write capacity of its open shards now.
     */
    public static void warmThroughput(Output out, StreamState stream) throws IOException {
        int current = stream.openShardCount() * Limits.SHARD_WRITE_MIBPS;
        out.startObject("WarmThroughput")
            .number("TargetMiBps", stream.onDemand().warmThroughputMiBps().orElse(current))
            .number("CurrentMiBps", current)
            .endObject();
    }

    private static void hashKeyRange(Output out, ShardState shard) throws IOException {
        out.startObject("HashKeyRange")
            .string("StartingHashKey", shard.hashKeyRange().start().toDecimalString())
            .string("EndingHashKey", shard.hashKeyRange().end().toDecimalString())
            .endObject();
    }
}
