package io.tributary.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.log.InMemoryShardLog;
import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.shard.ShardHandle;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Routing never reaches a shard's owner, so the shards here have an owner that is never started. */
class ShardRouterTest {
    private static final BigInteger QUARTER = BigInteger.ONE.shiftLeft(126);
    private static final Owner NEVER_STARTED = new Owner("never-started");

    @Test
    void shouldRouteHashKeyToShardWhoseInclusiveRangeHoldsIt() {
        List<ShardState> shards = evenlySplitOpenShards(4);
        ShardRouter router = new ShardRouter(shards);

        assertSame(shards.get(0), router.route(key(BigInteger.ZERO)));
        assertSame(shards.get(0), router.route(key(QUARTER.subtract(BigInteger.ONE))));
        assertSame(shards.get(1), router.route(key(QUARTER)));
        assertSame(shards.get(1), router.route(key(QUARTER.multiply(BigInteger.TWO).subtract(BigInteger.ONE))));
        assertSame(shards.get(2), router.route(key(QUARTER.multiply(BigInteger.TWO))));
        assertSame(shards.get(2), router.route(key(QUARTER.multiply(BigInteger.valueOf(3)).subtract(BigInteger.ONE))));
        assertSame(shards.get(3), router.route(key(QUARTER.multiply(BigInteger.valueOf(3)))));
        assertSame(shards.get(3), router.route(HashKey.MAX));
    }

    @Test
    void shouldRoutePartitionKeysToTheOnlyShardContainingTheirMd5() {
        List<ShardState> shards = evenlySplitOpenShards(4);
        ShardRouter router = new ShardRouter(shards);

        for (int i = 0; i < 100; i++) {
            HashKey key = HashKey.ofPartitionKey("key-" + i);
            List<ShardState> holding = shards.stream().filter(shard -> shard.hashKeyRange().contains(key)).toList();
            assertEquals(1, holding.size());
            assertSame(holding.get(0), router.route(key));
        }
    }

    @Test
    void shouldFindShardsInWhateverOrderTheyAreListed() {
        List<ShardState> shards = evenlySplitOpenShards(7);
        List<ShardState> reversed = new ArrayList<>(shards);
        Collections.reverse(reversed);
        ShardRouter router = new ShardRouter(reversed);

        for (ShardState shard : shards) {
            assertSame(shard, router.route(shard.hashKeyRange().start()));
            assertSame(shard, router.route(shard.hashKeyRange().end()));
        }
    }

    @Test
    void shouldIgnoreClosedParentOfASplitShard() {
        ShardState parent = closed(shard(0, HashKey.MIN, HashKey.MAX));
        BigInteger half = BigInteger.ONE.shiftLeft(127);
        ShardState lowChild = shard(1, HashKey.MIN, key(half.subtract(BigInteger.ONE)));
        ShardState highChild = shard(2, key(half), HashKey.MAX);
        ShardRouter router = new ShardRouter(List.of(parent, lowChild, highChild));

        assertSame(lowChild, router.route(HashKey.MIN));
        assertSame(lowChild, router.route(key(half.subtract(BigInteger.ONE))));
        assertSame(highChild, router.route(key(half)));
        assertSame(highChild, router.route(HashKey.MAX));
    }

    @Test
    void shouldIgnoreClosedParentsOfAMergedShard() {
        List<HashKeyRange> halves = HashKeyRange.evenSplit(2);
        ShardState left = closed(shard(0, halves.get(0).start(), halves.get(0).end()));
        ShardState right = closed(shard(1, halves.get(1).start(), halves.get(1).end()));
        ShardState merged = shard(2, HashKey.MIN, HashKey.MAX);
        ShardRouter router = new ShardRouter(List.of(left, right, merged));

        assertSame(merged, router.route(HashKey.MIN));
        assertSame(merged, router.route(halves.get(1).start()));
        assertSame(merged, router.route(HashKey.MAX));
    }

    @Test
    void shouldRefuseAKeyNoOpenShardCovers() {
        ShardState lowerHalf = shard(0, HashKey.MIN, key(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE)));
        ShardRouter router = new ShardRouter(List.of(lowerHalf));

        assertThrows(IllegalStateException.class, () -> router.route(HashKey.MAX));
    }

    private static List<ShardState> evenlySplitOpenShards(int count) {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(count);
        return IntStream.range(0, count)
            .mapToObj(i -> shard(i, ranges.get(i).start(), ranges.get(i).end()))
            .toList();
    }

    private static ShardState shard(int index, HashKey start, HashKey end) {
        ShardHandle handle = new ShardHandle(NEVER_STARTED, new InMemoryShardLog(), Clock.systemUTC(), false);
        return new ShardState(new ShardId(index), new HashKeyRange(start, end), index, Optional.empty(), Optional.empty(),
            index, OptionalLong.empty(), OptionalLong.empty(), handle);
    }

    private static ShardState closed(ShardState shard) {
        return new ShardState(shard.id(), shard.hashKeyRange(), shard.epoch(), shard.parent(), shard.adjacentParent(),
            shard.createdMillis(), OptionalLong.of(0), OptionalLong.of(shard.createdMillis() + 1), shard.handle());
    }

    private static HashKey key(BigInteger value) {
        return HashKey.of(value);
    }
}
