package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.records.PutEntry;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.api.RecordEntries;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Puts one record onto the shard its partition key (or explicit hash key) routes to.
 *
 * <p>{@code SequenceNumberForOrdering} is checked for form. Its guarantee (a larger sequence number
 * than the one given, for the same partition key) always holds here, because every shard numbers
 * its records strictly upwards and a partition key always routes to the same open shard.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html">PutRecord</a>
 */
public final class PutRecord implements Operation {
    private final Api api;

    public PutRecord(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.readableStream(input);
        PutEntry entry = RecordEntries.entry(input, stream, "");
        input.string("SequenceNumberForOrdering").ifPresent(ordering -> {
            if (SequenceNumber.parse(ordering).isEmpty()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("ExclusiveMinimumSequenceNumber " + ordering
                    + " used in PutRecord on stream " + stream.name() + " under account " + api.config().accountId()
                    + " is invalid.");
            }
        });
        Api.checkDryRun(input);
        return api.engine().records().putRecord(stream, entry, Api.callerArn(input)).map(record -> {
            if (!record.accepted()) {
                throw Messages.rateExceeded(record.shard().id().toString(), stream.name(), api.config().accountId());
            }
            return out -> out
                .string("ShardId", record.shard().id().toString())
                .string("SequenceNumber", record.sequenceNumber().toString())
                .string("EncryptionType", OutputShapes.encryptionType(stream));
        });
    }
}
