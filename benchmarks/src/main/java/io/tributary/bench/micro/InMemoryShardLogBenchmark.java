package io.tributary.bench.micro;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.InMemoryShardLog;
import io.tributary.engine.log.ReadBatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-mode shard log: appending a 500-record batch, and reading a 10,000-record page (a full
 * GetRecords) from a log of 1,000,000 records. The JMH thread plays the shard owner, the log's only
 * thread. Appends keep the newest million records (older ones are trimmed as retention would), so
 * that the heap stays bounded however long the benchmark runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class InMemoryShardLogBenchmark {
    private static final int RETAINED = 1_000_000;
    private static final int PAGE = 10_000;
    private static final long MAX_PAGE_BYTES = 10L * 1024 * 1024;

    /** A log being appended to. */
    @State(Scope.Thread)
    public static class Appending {
        final InMemoryShardLog log = new InMemoryShardLog();
        final List<AppendEntry> batch = MicroRecords.appendBatch(0);
        final long arrivalMillis = System.currentTimeMillis();
    }

    /** A log of a million records, read page after page. */
    @State(Scope.Thread)
    public static class Reading {
        final InMemoryShardLog log = new InMemoryShardLog();
        long position;

        @Setup
        public void fill() {
            long arrival = System.currentTimeMillis();
            for (int first = 0; first < RETAINED; first += MicroRecords.BATCH) {
                log.append(MicroRecords.appendBatch(first), arrival);
            }
        }
    }

    @Benchmark
    public long appendBatchOf500(Appending state) {
        long first = state.log.append(state.batch, state.arrivalMillis);
        if (state.log.endPosition() - state.log.startPosition() > RETAINED) {
            state.log.trimBefore(state.log.endPosition() - RETAINED);
        }
        return first;
    }

    @Benchmark
    public ReadBatch readPageOf10000(Reading state) {
        ReadBatch batch = state.log.read(state.position, PAGE, MAX_PAGE_BYTES);
        state.position = batch.nextPosition() >= state.log.endPosition() ? 0 : batch.nextPosition();
        return batch;
    }
}
