package io.tributary.engine.model;

/** A stream's capacity mode. */
public enum StreamMode {
    PROVISIONED, ON_DEMAND
}
