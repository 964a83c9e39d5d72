package io.tributary.cluster;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.model.ShardId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers appends, in the order they arrived, into the parts of one data group entry
 * ({@link Commands#appends}). An append joins the last part of its shard when that part is sealed
 * under the same key, and the part takes the later arrival time of the two; otherwise it starts a new
 * part. So a shard's records keep their order across its parts, and a part is one shard, one key.
 *
 * <p>Concurrency: not thread-safe; one proposer uses it for one entry, and {@link #parts} ends it.
 */
final class EntryBuilder {

    /** Where an append's records went: its part, and the index of its first record within that part. */
    record Placement(int part, int offset) {
    }

    private static final class Part {
        final String stream;
        final long createdMillis;
        final ShardId shard;
        final Optional<String> kmsKeyArn;
        final List<AppendEntry> entries = new ArrayList<>();
        long arrivalMillis;

        Part(String stream, long createdMillis, ShardId shard, Optional<String> kmsKeyArn) {
            this.stream = stream;
            this.createdMillis = createdMillis;
            this.shard = shard;
            this.kmsKeyArn = kmsKeyArn;
        }
    }

    private final List<Part> parts = new ArrayList<>();
    /** Each shard's last part, by {@link Commands#shardKey}. */
    private final Map<String, Integer> lastPart = new HashMap<>();

    Placement add(String stream, long createdMillis, ShardId shard, long arrivalMillis, Optional<String> kmsKeyArn,
                  List<AppendEntry> entries) {
        String key = Commands.shardKey(stream, createdMillis, shard);
        Integer index = lastPart.get(key);
        if (index == null || !parts.get(index).kmsKeyArn.equals(kmsKeyArn)) {
            index = parts.size();
            parts.add(new Part(stream, createdMillis, shard, kmsKeyArn));
            lastPart.put(key, index);
        }
        Part part = parts.get(index);
        Placement placement = new Placement(index, part.entries.size());
        part.entries.addAll(entries);
        part.arrivalMillis = Math.max(part.arrivalMillis, arrivalMillis);
        return placement;
    }

    /** The parts gathered, in order; their record lists are handed over, not copied, so add no more after. */
    List<Commands.Part> parts() {
        return parts.stream().map(part -> new Commands.Part(part.stream, part.createdMillis, part.shard, part.arrivalMillis,
            part.kmsKeyArn, java.util.Collections.unmodifiableList(part.entries))).toList();
    }
}
