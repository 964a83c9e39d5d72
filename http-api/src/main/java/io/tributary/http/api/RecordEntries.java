package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.RecordDistribution;
import io.tributary.engine.model.RecordSize;
import io.tributary.engine.records.PutEntry;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.protocol.Input;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns the members of a record to put (PutRecord's input, or one PutRecords entry) into an engine
 * entry, with the checks the model cannot state: a partition key is present, the explicit hash key
 * is within 128 bits, and data and key fit the stream's maximum record size.
 *
 * <p>A stream with the AUTO record distribution ignores the partition key and the explicit hash key,
 * as the model documents: each record goes to a uniformly random hash key, which spreads records
 * evenly over the open shards; the partition key is then optional and kept only as the record's.
 */
public final class RecordEntries {
    private RecordEntries() {
    }

    /**
     * @param path where the record's members sit in the request, for messages: {@code ""} for
     *             PutRecord, {@code "records.3.member."} for the third PutRecords entry
     */
    public static PutEntry entry(Input record, StreamState stream, String path) {
        boolean auto = stream.onDemand().distribution() == RecordDistribution.AUTO;
        Optional<String> givenKey = record.string("PartitionKey");
        if (givenKey.isEmpty() && !auto) {
            throw ErrorCode.VALIDATION.exception("1 validation error detected: Value null at '" + path + "partitionKey' failed"
                + " to satisfy constraint: Member must not be null");
        }
        String partitionKey = givenKey.orElse("");
        byte[] data = record.blob("Data");
        long maxBytes = stream.maxRecordSizeKiB() * 1024L;
        if (data.length > maxBytes) {
            throw ErrorCode.VALIDATION.exception("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim="
                + data.length + " cap=" + data.length + "]' at '" + path + "data' failed to satisfy constraint:"
                + " Member must have length less than or equal to " + maxBytes);
        }
        long size = RecordSize.of(partitionKey, data);
        if (size > maxBytes) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Record size of " + size + " bytes (data plus partition key)"
                + " exceeds the maximum record size of " + maxBytes + " bytes for stream " + stream.name() + ".");
        }
        if (auto) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new PutEntry(partitionKey, data, new HashKey(random.nextLong(), random.nextLong()));
        }
        return new PutEntry(partitionKey, data, hashKey(record.string("ExplicitHashKey"), partitionKey));
    }

    private static HashKey hashKey(Optional<String> explicit, String partitionKey) {
        if (explicit.isEmpty()) {
            return HashKey.ofPartitionKey(partitionKey);
        }
        try {
            return HashKey.parse(explicit.get());
        } catch (IllegalArgumentException outOfRange) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid ExplicitHashKey. ExplicitHashKey must be in the range:"
                + " [0, 2^128-1]. Specified value was " + explicit.get());
        }
    }
}
