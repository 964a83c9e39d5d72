package io.tributary.engine.log;

/**
 * A record as stored in a shard log. The data array is never modified after the append, so it is
 * shared with readers without a copy.
 *
 * @param encrypted whether the record was written while its stream was encrypted (GetRecords'
 *                  {@code EncryptionType} KMS); its data here is always the plaintext
 */
public record LogRecord(long position, long arrivalMillis, String partitionKey, byte[] data, boolean encrypted) {

    /** A record written while its stream was not encrypted. */
    public LogRecord(long position, long arrivalMillis, String partitionKey, byte[] data) {
        this(position, arrivalMillis, partitionKey, data, false);
    }
}
