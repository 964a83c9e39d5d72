package io.tributary.engine.model;

/** Where a shard iterator or subscription starts reading. */
public enum ShardIteratorType {
    AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP;

    public boolean needsSequenceNumber() {
        return this == AT_SEQUENCE_NUMBER || this == AFTER_SEQUENCE_NUMBER;
    }
}
