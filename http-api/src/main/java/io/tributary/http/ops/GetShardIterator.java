package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Issues a shard iterator: an opaque token for a position in a shard, valid for five minutes.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html">GetShardIterator</a>
 */
public final class GetShardIterator implements Operation {
    private final Api api;

    public GetShardIterator(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.readableStream(input);
        ShardIteratorType type = ShardIteratorType.valueOf(input.requiredString("ShardIteratorType"));
        Optional<String> sequenceNumber = input.string("StartingSequenceNumber");
        OptionalLong timestamp = input.timestampMillis("Timestamp");
        checkStartingPoint(type, sequenceNumber, timestamp);
        Api.checkDryRun(input);
        return api.engine().records()
            .shardIterator(stream, input.requiredString("ShardId"), type, sequenceNumber, timestamp)
            .map(iterator -> out -> out.string("ShardIterator", iterator));
    }

    private static void checkStartingPoint(ShardIteratorType type, Optional<String> sequenceNumber, OptionalLong timestamp) {
        if (type.needsSequenceNumber() && sequenceNumber.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception(mixedUp(type, "no StartingSequenceNumber"));
        }
        if ((type == ShardIteratorType.TRIM_HORIZON || type == ShardIteratorType.LATEST) && sequenceNumber.isPresent()) {
            throw ErrorCode.INVALID_ARGUMENT.exception(mixedUp(type, "also a StartingSequenceNumber"));
        }
        if (type == ShardIteratorType.AT_TIMESTAMP && timestamp.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Must specify timestampInMillis parameter for iterator of type"
                + " AT_TIMESTAMP. Current request has no timestamp parameter.");
        }
    }

    private static String mixedUp(ShardIteratorType type, String what) {
        return "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or"
            + " (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified " + type + " and " + what + ".";
    }
}
