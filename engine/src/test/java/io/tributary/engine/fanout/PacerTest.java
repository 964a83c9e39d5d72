package io.tributary.engine.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The push rate of one subscription, on virtual time: a one-second burst, then the configured rate. */
class PacerTest {
    private static final long RATE = 2L * 1024 * 1024;
    private static final long EVENT = 256 * 1024;

    private VirtualTimeScheduler time;

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.create();
    }

    @AfterEach
    void disposeTime() {
        time.dispose();
    }

    @Test
    void shouldLetTheFirstSecondsWorthThroughAtOnce() {
        Pacer pacer = new Pacer(RATE, time);
        for (int i = 0; i < RATE / EVENT; i++) {
            StepVerifier.create(pacer.ready()).verifyComplete();
            pacer.spent(EVENT);
        }
        assertEquals(0, time.now(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldHoldASustainedBacklogToTheRate() {
        Pacer pacer = new Pacer(RATE, time);
        long sent = 0;
        while (time.now(java.util.concurrent.TimeUnit.MILLISECONDS) < 10_000) {
            awaitReady(pacer);
            pacer.spent(EVENT);
            sent += EVENT;
        }
        long seconds = time.now(java.util.concurrent.TimeUnit.SECONDS);
        long expected = RATE * (seconds + 1);
        assertTrue(Math.abs(sent - expected) <= 2 * EVENT, "sent " + sent + " bytes in " + seconds + " s, expected about " + expected);
    }

    /** Moves virtual time on a millisecond at a time until the pacer lets the next read start. */
    private void awaitReady(Pacer pacer) {
        AtomicBoolean ready = new AtomicBoolean();
        pacer.ready().subscribe(null, null, () -> ready.set(true));
        while (!ready.get()) {
            time.advanceTimeBy(Duration.ofMillis(1));
        }
    }

    @Test
    void shouldNotSaveUpIdleTimeBeyondTheBurst() {
        Pacer pacer = new Pacer(RATE, time);
        time.advanceTimeBy(Duration.ofMinutes(1));
        long before = time.now(java.util.concurrent.TimeUnit.MILLISECONDS);
        for (int i = 0; i < 2 * RATE / EVENT; i++) {
            awaitReady(pacer);
            pacer.spent(EVENT);
        }
        long waited = time.now(java.util.concurrent.TimeUnit.MILLISECONDS) - before;
        assertTrue(waited >= 800 && waited <= 1_200, "after a long idle spell, two seconds' worth took " + waited + " ms");
    }
}
