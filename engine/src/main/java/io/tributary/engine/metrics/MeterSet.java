package io.tributary.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one stream, shard or consumer, registered together and removed together. Recording
 * to a meter the set does not hold (a shard-level metric that is not enabled) does nothing.
 *
 * <p>Concurrency: the set is filled before it is published and never changes after, except by
 * {@link #remove()}; recording is thread-safe, as Micrometer's meters are.
 */
final class MeterSet {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<EngineMeter, Meter> meters = new EnumMap<>(EngineMeter.class);

    MeterSet(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    MeterSet register(EngineMeter meter) {
        meters.put(meter, meter.register(registry, tags));
        return this;
    }

    <T> MeterSet gauge(EngineMeter meter, T source, ToDoubleFunction<T> value) {
        meters.put(meter, meter.gauge(registry, tags, source, value));
        return this;
    }

    void count(EngineMeter meter, double amount) {
        if (meters.get(meter) instanceof Counter counter) {
            counter.increment(amount);
        }
    }

    void time(EngineMeter meter, long nanos) {
        if (meters.get(meter) instanceof Timer timer) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Records an age in milliseconds to a summary, which exports it in seconds. */
    void ageMillis(EngineMeter meter, long millis) {
        if (meters.get(meter) instanceof DistributionSummary summary) {
            summary.record(millis);
        }
    }

    /** A counter's total, or a summary's largest recent value (in its base unit); 0 for a meter the set lacks. */
    double value(EngineMeter meter) {
        Meter held = meters.get(meter);
        if (held instanceof Counter counter) {
            return counter.count();
        }
        if (held instanceof DistributionSummary summary) {
            return summary.max();
        }
        return 0;
    }

    /** Takes every meter of the set out of the registry: its series stop being exported. */
    void remove() {
        removeAllBut(Set.of());
    }

    /**
     * Takes the set's meters out of the registry, except those {@code successor} holds too. A new
     * set registered with the same tags shares the registry's meters of the same names, so that
     * counts go on; only the meters it dropped go away.
     */
    void removeAllBut(MeterSet successor) {
        Set<Meter> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(successor.meters.values());
        removeAllBut(kept);
    }

    private void removeAllBut(Set<Meter> kept) {
        for (Meter meter : meters.values()) {
            if (!kept.contains(meter)) {
                registry.remove(meter);
            }
        }
    }
}
