package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.records.Placed;
import io.tributary.engine.records.PutEntry;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.api.RecordEntries;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts up to 500 records in one call. Records are grouped by shard and appended on each shard's
 * owner; the result lists every entry in request order. Entries beyond a shard's write throughput
 * fail alone, with ErrorCode ProvisionedThroughputExceededException, as in Kinesis.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html">PutRecords</a>
 */
public final class PutRecords implements Operation {
    private final Api api;

    public PutRecords(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.readableStream(input);
        List<Input> records = input.structures("Records");
        List<PutEntry> entries = new ArrayList<>(records.size());
        long totalBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            PutEntry entry = RecordEntries.entry(records.get(i), stream, "records." + (i + 1) + ".member.");
            totalBytes += entry.bytes();
            entries.add(entry);
        }
        if (totalBytes > Limits.MAX_PUT_RECORDS_REQUEST_BYTES) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Records size of " + totalBytes + " bytes exceeds the limit of "
                + Limits.MAX_PUT_RECORDS_REQUEST_BYTES + " bytes for one PutRecords request.");
        }
        Api.checkDryRun(input);
        String account = api.config().accountId();
        return api.engine().records().putRecords(stream, entries, Api.callerArn(input)).map(placed -> out -> {
            out.number("FailedRecordCount", placed.stream().filter(record -> !record.accepted()).count()).startArray("Records");
            Map<ShardState, ShardTexts> texts = new IdentityHashMap<>();
            for (Placed record : placed) {
                out.startObject();
                if (record.accepted()) {
                    ShardTexts shard = texts.computeIfAbsent(record.shard(), ShardTexts::of);
                    out.string("SequenceNumber", shard.sequences().of(record.position()))
                        .string("ShardId", shard.id());
                } else {
                    out.string("ErrorCode", ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.awsType())
                        .string("ErrorMessage", Messages.rateExceededText(record.shard().id().toString(), stream.name(), account));
                }
                out.endObject();
            }
            out.endArray().string("EncryptionType", OutputShapes.encryptionType(stream));
        });
    }

    /** A shard's id and sequence numbers as text, made once per response rather than once per record. */
    private record ShardTexts(String id, SequenceNumber.ShardText sequences) {
        static ShardTexts of(ShardState shard) {
            return new ShardTexts(shard.id().toString(), new SequenceNumber.ShardText(shard.sequencePrefix()));
        }
    }
}
