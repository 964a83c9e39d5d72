package io.tributary.bench.load;

/** Shard ids as Kinesis writes them: {@code shardId-} and twelve zero-padded digits. */
public final class ShardIds {
    private static final String PREFIX = "shardId-";
    /** Ledger entries are shorts. */
    public static final int MAX_INDEX = Short.MAX_VALUE;

    private ShardIds() {
    }

    public static int index(String shardId) {
        if (!shardId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a shard id: " + shardId);
        }
        int index = Integer.parseInt(shardId, PREFIX.length(), shardId.length(), 10);
        if (index > MAX_INDEX) {
            throw new IllegalArgumentException("shard index beyond what the ledger holds: " + shardId);
        }
        return index;
    }
}
