package io.tributary.engine.replication;

import io.tributary.engine.stream.Catalog;
import io.vertx.core.Future;

/**
 * The seam where the stream catalog's changes leave this process. On a single node a change is
 * stored in the catalog file and published; in cluster mode the changed catalog is proposed to the
 * metadata Raft group as one command (the whole encoded catalog with the version it was computed
 * from, so every non-deterministic value - creation times, ids - is fixed by the proposer), and
 * every node publishes it as its state machine applies it.
 *
 * <p>Concurrency: implementations are thread-safe.
 */
public interface CatalogReplication {

    /**
     * Completes once this node's catalog reflects every change committed before the call; a change
     * is computed only after it.
     */
    Future<Void> sync();

    /**
     * Makes {@code next}, computed from {@code current}, the catalog: completes once it is agreed
     * and published on this node. Fails with {@link CatalogConflictException} when another change
     * was agreed first (the caller computes its change again), or with a KinesisException when the
     * group cannot commit in time.
     */
    Future<Void> commit(Catalog current, Catalog next);

    /**
     * Whether this node makes the decisions one node makes for all (on-demand scaling): in cluster
     * mode the metadata group's leader, so that nodes do not reshard the same stream at once; a
     * single node always.
     */
    boolean leads();
}
