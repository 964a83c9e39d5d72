package io.tributary.bench.client;

/** A record to put: partition key and data (sent as-is; never modified after construction). */
public record OutgoingRecord(String partitionKey, byte[] data) {
}
