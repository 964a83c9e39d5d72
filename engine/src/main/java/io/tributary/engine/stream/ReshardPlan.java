package io.tributary.engine.stream;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.model.HashKey;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.ShardId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a stream after splits and merges, worked out before anything changes. Every split
 * closes one shard and opens two children; every merge closes two adjacent shards and opens one;
 * the children take the next free shard indexes. UpdateShardCount is a sequence of these, as in
 * Kinesis, so that every new shard names at most two parents.
 *
 * <p>Concurrency: not thread-safe; built and used within one catalog change.
 */
public final class ReshardPlan {
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    /** A shard of the plan: an existing one, or one the plan creates. */
    public record Planned(ShardId id, HashKeyRange range, Optional<ShardId> parent, Optional<ShardId> adjacentParent,
                          boolean open, boolean created) {
        Planned closed() {
            return new Planned(id, range, parent, adjacentParent, false, created);
        }
    }

    private final StreamState stream;
    private final String account;
    private final Map<ShardId, Planned> shards = new LinkedHashMap<>();
    private int nextIndex;

    public ReshardPlan(StreamState stream, String account) {
        this.stream = stream;
        this.account = account;
        for (ShardState shard : stream.shards()) {
            shards.put(shard.id(), new Planned(shard.id(), shard.hashKeyRange(), shard.parent(), shard.adjacentParent(),
                shard.isOpen(), false));
            nextIndex = Math.max(nextIndex, shard.id().index() + 1);
        }
    }

    /** Splits an open shard so that the second child starts at {@code newStartingHashKey}; answers the children. */
    public List<ShardId> split(String shardText, String newStartingHashKey) {
        Planned shard = open(shardText);
        BigInteger start = shard.range().start().toBigInteger();
        BigInteger end = shard.range().end().toBigInteger();
        BigInteger key = new BigInteger(newStartingHashKey);
        if (key.compareTo(start.add(BigInteger.ONE)) <= 0 || key.compareTo(end) >= 0 || key.compareTo(TWO_TO_128) >= 0) {
            throw ErrorCode.INVALID_ARGUMENT.exception("NewStartingHashKey " + newStartingHashKey + " used in SplitShard() on shard "
                + shard.id() + " in stream " + stream.name() + " under account " + account + " is not both greater than one plus"
                + " the shard's StartingHashKey " + start + " and less than the shard's EndingHashKey " + end + ".");
        }
        return split(shard, HashKey.of(key));
    }

    /** Merges two open shards whose ranges touch; answers the child. */
    public ShardId merge(String shardText, String adjacentText) {
        Planned first = open(shardText);
        Planned second = open(adjacentText);
        boolean adjacent = isNext(first.range().end(), second.range().start()) || isNext(second.range().end(), first.range().start());
        if (!adjacent || first.id().equals(second.id())) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Shards " + first.id() + " and " + second.id() + " in stream " + stream.name()
                + " under account " + account + " are not an adjacent pair of shards eligible for merging");
        }
        return merge(first, second);
    }

    /**
     * Reshapes the open shards into {@code target} shards of equal hash ranges (UpdateShardCount's
     * UNIFORM_SCALING): each open shard is split at every new boundary inside it, then the pieces
     * between two new boundaries are merged.
     */
    public void uniform(int target) {
        List<HashKeyRange> goal = HashKeyRange.evenSplit(target);
        for (Planned shard : openShards()) {
            Planned rest = shard;
            for (HashKeyRange range : goal) {
                if (range.start().compareTo(rest.range().start()) > 0 && range.start().compareTo(rest.range().end()) <= 0) {
                    List<ShardId> halves = split(rest, range.start());
                    rest = shards.get(halves.get(1));
                }
            }
        }
        for (HashKeyRange range : goal) {
            List<Planned> pieces = openShards().stream()
                .filter(piece -> range.contains(piece.range().start()))
                .toList();
            Planned merged = pieces.get(0);
            for (int i = 1; i < pieces.size(); i++) {
                merged = shards.get(merge(merged, pieces.get(i)));
            }
        }
    }

    public int openCount() {
        return openShards().size();
    }

    /** Every shard after the plan, in index order. */
    public List<Planned> shards() {
        return List.copyOf(shards.values());
    }

    /** Shards that existed and are open before the plan but closed after it: their owners must close them. */
    public List<ShardId> closedExisting() {
        List<ShardId> closed = new ArrayList<>();
        for (ShardState shard : stream.shards()) {
            if (shard.isOpen() && !shards.get(shard.id()).open()) {
                closed.add(shard.id());
            }
        }
        return closed;
    }

    private List<ShardId> split(Planned shard, HashKey second) {
        HashKey firstEnd = HashKey.of(second.toBigInteger().subtract(BigInteger.ONE));
        shards.put(shard.id(), shard.closed());
        Planned low = create(new HashKeyRange(shard.range().start(), firstEnd), shard.id(), Optional.empty());
        Planned high = create(new HashKeyRange(second, shard.range().end()), shard.id(), Optional.empty());
        return List.of(low.id(), high.id());
    }

    private ShardId merge(Planned shard, Planned adjacent) {
        HashKey start = shard.range().start().compareTo(adjacent.range().start()) < 0 ? shard.range().start() : adjacent.range().start();
        HashKey end = shard.range().end().compareTo(adjacent.range().end()) > 0 ? shard.range().end() : adjacent.range().end();
        shards.put(shard.id(), shard.closed());
        shards.put(adjacent.id(), adjacent.closed());
        return create(new HashKeyRange(start, end), shard.id(), Optional.of(adjacent.id())).id();
    }

    private Planned create(HashKeyRange range, ShardId parent, Optional<ShardId> adjacentParent) {
        Planned child = new Planned(new ShardId(nextIndex++), range, Optional.of(parent), adjacentParent, true, true);
        shards.put(child.id(), child);
        return child;
    }

    private Planned open(String shardText) {
        Planned shard = ShardId.parse(shardText).map(shards::get)
            .orElseThrow(() -> Messages.couldNotFindShard(shardText, stream.name(), account));
        if (!shard.open()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Shard " + shard.id() + " in stream " + stream.name() + " under account "
                + account + " has already been merged or split, and thus is not eligible for merging or splitting.");
        }
        return shard;
    }

    private List<Planned> openShards() {
        return shards.values().stream()
            .filter(Planned::open)
            .sorted((a, b) -> a.range().start().compareTo(b.range().start()))
            .toList();
    }

    private static boolean isNext(HashKey end, HashKey start) {
        return end.toBigInteger().add(BigInteger.ONE).equals(start.toBigInteger());
    }
}
