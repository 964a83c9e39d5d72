package io.tributary.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock that a test moves by hand, so that arrival times, retention and token expiry are
 * decided by the test and not by how fast it runs.
 *
 * <p>Concurrency: thread-safe; the engine reads it on its owners' event loops while the test moves it.
 */
public final class TestClock extends Clock {
    private final AtomicLong nowMillis;

    public TestClock(Instant start) {
        this.nowMillis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration by) {
        nowMillis.addAndGet(by.toMillis());
    }

    @Override
    public long millis() {
        return nowMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the engine works in UTC only");
    }
}
