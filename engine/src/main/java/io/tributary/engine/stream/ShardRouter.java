package io.tributary.engine.stream;

import io.tributary.engine.model.HashKey;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the open shard whose inclusive hash key range holds a key, by binary search over the open
 * shards' starting keys. Immutable.
 */
public final class ShardRouter {
    private final ShardState[] open;

    ShardRouter(List<ShardState> shards) {
        this.open = shards.stream()
            .filter(ShardState::isOpen)
            .sorted(Comparator.comparing(shard -> shard.hashKeyRange().start()))
            .toArray(ShardState[]::new);
    }

    /** The open shard for the key; the open shards of a stream always cover the whole hash space. */
    public ShardState route(HashKey key) {
        int low = 0;
        int high = open.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (open[middle].hashKeyRange().start().compareTo(key) <= 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        ShardState shard = open[low];
        if (!shard.hashKeyRange().contains(key)) {
            throw new IllegalStateException("open shards do not cover hash key " + key);
        }
        return shard;
    }
}
