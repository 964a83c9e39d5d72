package io.tributary.websocket;

import java.time.Duration;

/**
 * How the browser-facing endpoints behave, fixed at start by the server's entry point.
 *
 * @param pingInterval how often a tail's socket is pinged, so that idle connections (and the proxies
 *                     between) stay open and a vanished browser is noticed
 */
public record TailSettings(Duration pingInterval) {
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);

    public TailSettings {
        if (pingInterval.toMillis() < 1) {
            throw new IllegalArgumentException("the ping interval must be at least a millisecond");
        }
    }

    public static TailSettings defaults() {
        return new TailSettings(DEFAULT_PING_INTERVAL);
    }
}
