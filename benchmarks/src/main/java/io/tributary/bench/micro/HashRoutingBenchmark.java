package io.tributary.bench.micro;

import io.tributary.bench.Payloads;
import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.stream.ShardRouter;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing one record: the MD5 hash key of its partition key ({@link HashKey#ofPartitionKey}) and the
 * open shard that owns the key ({@link ShardRouter#route}), over 1,024 distinct keys. The router is
 * the one a {@link StreamState} builds for its shards (its constructor is package-private).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class HashRoutingBenchmark {
    private static final int KEYS = 1024;

    /** 1,024 distinct partition keys and their hash keys, taken in turn. */
    @State(Scope.Thread)
    public static class Keys {
        final String[] partitionKeys = new String[KEYS];
        final HashKey[] hashKeys = new HashKey[KEYS];
        int next;

        @Setup
        public void setUp() {
            for (int i = 0; i < KEYS; i++) {
                partitionKeys[i] = Payloads.partitionKey(i);
                hashKeys[i] = HashKey.ofPartitionKey(partitionKeys[i]);
            }
        }

        int nextIndex() {
            return next++ & (KEYS - 1);
        }
    }

    /** The router of a stream whose open shards split the hash space evenly. */
    @State(Scope.Benchmark)
    public static class Router {
        @Param({"4", "100"})
        public int shards;

        ShardRouter router;

        @Setup
        public void setUp() {
            List<ShardState> shardStates = new ArrayList<>();
            List<HashKeyRange> ranges = HashKeyRange.evenSplit(shards);
            for (int i = 0; i < shards; i++) {
                shardStates.add(new ShardState(new ShardId(i), ranges.get(i), 0, Optional.empty(), Optional.empty(), 0,
                    OptionalLong.empty(), OptionalLong.empty(), null));
            }
            router = new StreamState("bench-stream", "arn:aws:kinesis:us-east-1:000000000000:stream/bench-stream",
                StreamStatus.ACTIVE, StreamMode.PROVISIONED, 0, 24, 1024, new TreeMap<>(), shardStates).router();
        }
    }

    @Benchmark
    public HashKey hashKeyOfPartitionKey(Keys keys) {
        return HashKey.ofPartitionKey(keys.partitionKeys[keys.nextIndex()]);
    }

    @Benchmark
    public ShardState route(Keys keys, Router router) {
        return router.router.route(keys.hashKeys[keys.nextIndex()]);
    }

    @Benchmark
    public ShardState hashAndRoute(Keys keys, Router router) {
        return router.router.route(HashKey.ofPartitionKey(keys.partitionKeys[keys.nextIndex()]));
    }
}
