package io.tributary.engine.log;

import java.util.Locale;

/** When an appended record counts as acknowledged, and where it lives. */
public enum Durability {
    /** On disk; acknowledged only after an fsync covers it. Concurrent appends share one fsync. */
    FSYNC,
    /** On disk; acknowledged once written, flushed every few milliseconds in the background. */
    INTERVAL,
    /** In memory only; lost when the process stops. */
    MEMORY;

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Durability ofFlag(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
