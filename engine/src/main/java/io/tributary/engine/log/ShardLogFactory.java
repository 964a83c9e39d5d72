package io.tributary.engine.log;

import io.tributary.engine.log.durable.DurableShardLog;
import io.tributary.engine.model.ShardId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Opens the log of a shard, new or stored; the durability mode decides which implementation.
 * Opening may block (files are created or recovered): call it off the event loops.
 */
@FunctionalInterface
public interface ShardLogFactory {
    ShardLog open(String streamName, long streamCreatedMillis, ShardId shard);

    static ShardLogFactory inMemory() {
        return (stream, created, shard) -> new InMemoryShardLog();
    }

    /** Logs under {@code root/<stream>-<created millis>/<shard id>/}. */
    static ShardLogFactory durable(Path root, DurableShardLog.Settings settings) {
        return (stream, created, shard) -> {
            Path directory = root.resolve(stream + "-" + created).resolve(shard.toString());
            try {
                return DurableShardLog.open(directory, settings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the log of " + shard + " of stream " + stream, e);
            }
        };
    }
}
