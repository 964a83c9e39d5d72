package io.tributary.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
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

    void observe(EngineMeter meter, double value) {
        if (meters.get(meter) instanceof DistributionSummary summary) {
            summary.record(value);
        }
    }

    /** Takes every meter of the set out of the registry: its series stop being exported. */
    void remove() {
        for (Meter meter : meters.values()) {
            registry.remove(meter);
        }
    }
}
