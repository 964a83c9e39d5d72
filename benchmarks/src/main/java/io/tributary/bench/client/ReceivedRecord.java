package io.tributary.bench.client;

/**
 * A record as GetRecords returned it.
 *
 * @param arrivalMillis        ApproximateArrivalTimestamp in epoch milliseconds
 * @param timestampWellFormed  whether the timestamp was encoded as Kinesis clients expect (CBOR:
 *                             tag 1 with integer milliseconds; JSON: a number of seconds)
 */
public record ReceivedRecord(String partitionKey, byte[] data, String sequenceNumber, long arrivalMillis,
                             boolean timestampWellFormed) {
}
