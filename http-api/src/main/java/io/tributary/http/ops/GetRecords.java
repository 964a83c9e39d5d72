package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.records.RecordsRead;
import io.tributary.engine.stream.ShardState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.api.StreamAddress;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Reads records from a shard iterator's position: at most {@code Limit} records and 10 MiB, with the
 * next iterator and how far the batch is behind the tip. At the end of a closed shard there is no
 * next iterator, and the child shards are named instead.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html">GetRecords</a>
 */
public final class GetRecords implements Operation {
    private final Api api;

    public GetRecords(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        String iterator = input.requiredString("ShardIterator");
        int limit = input.integer("Limit").orElse(Limits.MAX_GET_RECORDS_LIMIT);
        Optional<String> streamFromArn = input.string("StreamARN").map(arn -> StreamAddress.fromArn(arn, api.config()));
        Api.checkDryRun(input);
        return api.engine().records().getRecords(iterator, limit, Api.callerArn(input)).map(read -> {
            if (streamFromArn.isPresent() && !streamFromArn.get().equals(read.streamName())) {
                throw ErrorCode.INVALID_ARGUMENT.exception("The StreamARN does not name the stream of the ShardIterator.");
            }
            return reply(read);
        });
    }

    private static Reply reply(RecordsRead read) {
        return out -> {
            SequenceNumber.ShardText sequences = new SequenceNumber.ShardText(read.shard().sequencePrefix());
            out.startArray("Records");
            for (LogRecord record : read.records()) {
                OutputShapes.record(out, sequences, record);
            }
            out.endArray();
            if (read.nextIterator().isPresent()) {
                out.string("NextShardIterator", read.nextIterator().get());
            }
            out.number("MillisBehindLatest", read.millisBehindLatest());
            if (read.nextIterator().isEmpty()) {
                out.startArray("ChildShards");
                for (ShardState child : read.childShards()) {
                    OutputShapes.childShard(out, child);
                }
                out.endArray();
            }
        };
    }
}
