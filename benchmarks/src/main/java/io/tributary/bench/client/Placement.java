package io.tributary.bench.client;

/**
 * Where the server put one record, or why it did not: a PutRecord answer or one PutRecords entry.
 *
 * @param shardId        the shard, when placed
 * @param sequenceNumber the record's sequence number, when placed
 * @param errorCode      the entry's error code, when not placed
 */
public record Placement(String shardId, String sequenceNumber, String errorCode) {

    public static Placement placed(String shardId, String sequenceNumber) {
        return new Placement(shardId, sequenceNumber, "");
    }

    public static Placement failed(String errorCode) {
        return new Placement("", "", errorCode.isEmpty() ? "UnknownError" : errorCode);
    }

    public boolean isPlaced() {
        return errorCode.isEmpty();
    }
}
