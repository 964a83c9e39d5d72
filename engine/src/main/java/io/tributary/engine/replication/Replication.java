package io.tributary.engine.replication;

import io.tributary.engine.model.ShardId;
import io.tributary.engine.stream.StreamCatalog;

/**
 * What cluster mode gives the engine: where catalog changes and shard writes go instead of the
 * local files. The engine never knows how (Raft, in the cluster module); a single node has none.
 */
public interface Replication {

    /** Binds the catalog's replication to the opened catalog, which it publishes agreed changes to. */
    CatalogReplication catalog(StreamCatalog catalog);

    /** The replication of one shard's writes. */
    ShardReplication shard(String streamName, long streamCreatedMillis, ShardId shard);
}
