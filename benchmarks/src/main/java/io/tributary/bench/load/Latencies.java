package io.tributary.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Request latencies in microseconds, from just before a request is handed to the client to when its
 * answer has been read and checked. Closed loop: a slow answer delays the next request of its lane,
 * so the percentiles understate what an open-loop producer would see (coordinated omission).
 *
 * <p>Concurrency: not thread-safe; one per lane, merged once the lanes are done.
 */
public final class Latencies {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);

    /** Percentiles in milliseconds. */
    public record Summary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {
    }

    public void recordNanos(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }

    public void add(Latencies other) {
        histogram.add(other.histogram);
    }

    public Summary summary() {
        return new Summary(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
            millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)),
            millis(histogram.getMaxValue()), histogram.getTotalCount() == 0 ? 0 : histogram.getMean() / 1000);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
