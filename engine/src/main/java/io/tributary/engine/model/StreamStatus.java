package io.tributary.engine.model;

/** The lifecycle states of a stream, as Kinesis names them. */
public enum StreamStatus {
    CREATING, DELETING, ACTIVE, UPDATING
}
