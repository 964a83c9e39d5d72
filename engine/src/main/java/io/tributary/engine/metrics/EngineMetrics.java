package io.tributary.engine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.tributary.engine.stream.Catalog;
import io.tributary.engine.stream.StreamState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters (declared in {@link EngineMeter}) in the registry the engine was started
 * with. Each stream's meters are registered when the stream enters the catalog and removed when it
 * leaves it; the catalog calls {@link #catalogChanged} with every new catalog before it is
 * published, so a stream that anyone can see has its meters, and a deleted stream's series are gone.
 *
 * <p>Concurrency: {@link #stream} is safe from any thread. {@link #catalogChanged} runs on the
 * metadata owner's thread, one change at a time.
 */
public final class EngineMetrics {
    private final MeterRegistry registry;
    private final Timer flushLatency;
    private final Map<String, StreamMeters> streams = new ConcurrentHashMap<>();

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.flushLatency = EngineMeter.LOG_FLUSH_LATENCY.timer(registry, Tags.empty());
    }

    /** Meters that go nowhere: for engines and tests that do not observe them. */
    public static EngineMetrics none() {
        return new EngineMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Time taken by each group-commit flush of a shard log. */
    public Timer flushLatency() {
        return flushLatency;
    }

    /**
     * The meters of this stream; meters that record nothing if the catalog no longer holds it (a
     * request that raced its deletion) or holds a newer stream of the same name.
     */
    public StreamMeters stream(StreamState stream) {
        StreamMeters meters = streams.get(stream.name());
        return meters != null && meters.isFor(stream) ? meters : StreamMeters.none(stream.name());
    }

    /**
     * Registers the meters of streams, shards and consumers that {@code next} adds, and removes the
     * meters of those it no longer holds. Metadata owner thread only.
     */
    public void catalogChanged(Catalog next) {
        for (StreamState stream : next.streams().values()) {
            StreamMeters meters = streams.get(stream.name());
            if (meters == null || !meters.isFor(stream)) {
                if (meters != null) {
                    meters.remove();
                }
                meters = new StreamMeters(registry, stream);
                streams.put(stream.name(), meters);
            }
            meters.update(stream);
        }
        streams.entrySet().removeIf(entry -> {
            if (next.streams().containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().remove();
            return true;
        });
    }
}
