package io.tributary.engine.error;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The message texts real Kinesis answers with (WIRE.md §4.3, as recorded by kinesalite), so that
 * clients and people see the same words from Tributary.
 */
public final class Messages {
    private static final DateTimeFormatter AMZ_UTC =
        DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private Messages() {
    }

    public static KinesisException streamNotFound(String stream, String account) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception("Stream " + stream + " under account " + account + " not found.");
    }

    public static KinesisException streamExists(String stream, String account) {
        return ErrorCode.RESOURCE_IN_USE.exception("Stream " + stream + " under account " + account + " already exists.");
    }

    public static KinesisException streamNotActive(String stream, String account, Object status) {
        return ErrorCode.RESOURCE_IN_USE.exception(
            "Stream " + stream + " under account " + account + " not ACTIVE, instead in state " + status);
    }

    public static KinesisException shardDoesNotExist(String shard, String stream, String account) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception(
            "Shard " + shard + " in stream " + stream + " under account " + account + " does not exist");
    }

    public static KinesisException couldNotFindShard(String shard, String stream, String account) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception(
            "Could not find shard " + shard + " in stream " + stream + " under account " + account + ".");
    }

    /** Text of a shard over its provisioned throughput (also PutRecords' per-entry ErrorMessage). */
    public static String rateExceededText(String shard, String stream, String account) {
        return "Rate exceeded for shard " + shard + " in stream " + stream + " under account " + account + ".";
    }

    public static KinesisException rateExceeded(String shard, String stream, String account) {
        return ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.exception(rateExceededText(shard, stream, account));
    }

    public static KinesisException consumerNotFound(String consumerArn) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception("Consumer " + consumerArn + " not found.");
    }

    public static KinesisException invalidShardIterator() {
        return ErrorCode.INVALID_ARGUMENT.exception("Invalid ShardIterator.");
    }

    public static KinesisException iteratorExpired(long createdMillis, long nowMillis, long toleratedMillis) {
        return ErrorCode.EXPIRED_ITERATOR.exception("Iterator expired. The iterator was created at time "
            + AMZ_UTC.format(Instant.ofEpochMilli(createdMillis)) + " while right now it is "
            + AMZ_UTC.format(Instant.ofEpochMilli(nowMillis))
            + " which is further in the future than the tolerated delay of " + toleratedMillis + " milliseconds.");
    }

    public static KinesisException nextTokenExpired() {
        return ErrorCode.EXPIRED_NEXT_TOKEN.exception("The timestamp in the NextToken is expired. Request a new one.");
    }

    public static KinesisException invalidNextToken() {
        return ErrorCode.INVALID_ARGUMENT.exception("Invalid NextToken.");
    }

    public static KinesisException shardLimitExceeded(String account, String region, int current, int limit, int requested) {
        return ErrorCode.LIMIT_EXCEEDED.exception("This request would exceed the shard limit for the account "
            + account + " in " + region + ". Current shard count for the account: " + current + ". Limit: " + limit
            + ". Number of additional shards that would have resulted from this request: " + requested + ". Refer to"
            + " the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html)"
            + " for current limits and how to request higher limits.");
    }
}
