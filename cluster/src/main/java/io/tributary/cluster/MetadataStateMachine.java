package io.tributary.cluster;

import io.tributary.engine.stream.Catalog;
import io.tributary.engine.stream.StreamCatalog;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata group's state machine: a versioned register holding the whole stream catalog. A
 * change carries the version it was computed from; it applies only if that is still the current
 * version (then the version grows by one and the catalog is adopted by this node's
 * {@link StreamCatalog}), and is refused as a conflict otherwise, so every node applies the same
 * changes in the same order. The register also keeps the cluster's token secret: the first one
 * proposed (an entry with base version {@link Commands#TOKEN_SECRET}) stays. A snapshot is the
 * catalog's JSON with its version and that secret; a replica that fell
 * behind the leader's purged log takes the leader's snapshot over ({@link SnapshottingStateMachine}).
 *
 * <p>Concurrency: Ratis applies entries one at a time on its state machine updater thread; the
 * published catalog and its version are read from proposer threads, so they are one volatile pair.
 */
final class MetadataStateMachine extends SnapshottingStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

    /** The catalog this node published and the version it has. */
    record Published(Catalog catalog, long version) {
    }

    private final StreamCatalog catalog;
    private volatile Published published;
    /** The catalog's JSON at {@link #published}; updater thread only. */
    private String publishedJson = StreamCatalog.encode(Catalog.EMPTY).encode();
    private final Object appliedMonitor = new Object();
    /**
     * The index of the newest catalog this node has published or is publishing. It moves before the
     * catalog is published, the applied index only after, so an index read after routing a call
     * with the published catalog is never older than that catalog.
     */
    private volatile long catalogIndex = -1;
    /** The first token secret proposed to the group, which every node takes; null until one is applied. */
    private volatile String tokenSecret;

    MetadataStateMachine(StreamCatalog catalog, Peers peers) {
        super(peers, "metadata");
        this.catalog = catalog;
        this.published = new Published(catalog.snapshot(), 0);
    }

    Published published() {
        return published;
    }

    /** The metadata index applied here: every entry up to it is in the published catalog. */
    long appliedIndex() {
        return getLastAppliedTermIndex() == null ? -1 : getLastAppliedTermIndex().getIndex();
    }

    /**
     * The metadata index a shard entry proposed now names: every replica applies the entry once its
     * own catalog has reached it, so it sees the shard the proposer routed the call to, and every
     * replica decides alike whether the shard exists.
     */
    long catalogIndex() {
        return catalogIndex;
    }

    /** Waits (blocking) until the metadata index applied here reaches {@code index}, or the wait is over. */
    boolean awaitApplied(long index, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (appliedMonitor) {
            while (appliedIndex() < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                appliedMonitor.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** The cluster's secret for shard iterators and paging tokens (base64), once the group agreed on one. */
    java.util.Optional<String> tokenSecret() {
        return java.util.Optional.ofNullable(tokenSecret);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Commands.CatalogChange change = Commands.catalogChange(entry.getStateMachineLogEntry().getLogData());
        Message reply;
        Published current = published;
        catalogIndex = entry.getIndex();
        if (change.baseVersion() == Commands.TOKEN_SECRET) {
            if (tokenSecret == null) {
                tokenSecret = change.json();
            }
            reply = Commands.reply(Commands.APPLIED, current.version());
        } else if (change.baseVersion() == current.version()) {
            adopt(change.json(), current.version() + 1);
            reply = Commands.reply(Commands.APPLIED, current.version() + 1);
        } else {
            reply = Commands.reply(Commands.CONFLICT, current.version());
        }
        applied(TermIndex.valueOf(entry));
        return CompletableFuture.completedFuture(reply);
    }

    /**
     * Ratis moves the applied index past entries that are not transactions (a new leader's first
     * entry of its term, configuration changes) through this call; shard entries proposed just after
     * such an entry name its index, so waiters are woken here as well as after a transaction.
     */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        catalogIndex = Math.max(catalogIndex, index);
        applied(TermIndex.valueOf(term, index));
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        store(last, published.version() + (tokenSecret == null ? "" : " " + tokenSecret) + "\n" + publishedJson);
        return last.getIndex();
    }

    @Override
    void restore(Snapshot snapshot) {
        String body = snapshot.body();
        int newline = body.indexOf('\n');
        catalogIndex = snapshot.termIndex().getIndex();
        String[] head = body.substring(0, newline).split(" ");
        if (head.length > 1) {
            tokenSecret = head[1];
        }
        adopt(body.substring(newline + 1), Long.parseLong(head[0]));
        applied(snapshot.termIndex());
        LOG.info("Catalog version {} restored from the snapshot at {}", published.version(), snapshot.termIndex());
    }

    /** The catalog is the whole state: the snapshot holds all of it, so there is nothing beside it to copy. */
    @Override
    void catchUp(Snapshot snapshot, RaftPeerId leader) {
    }

    private void adopt(String json, long version) {
        Catalog adopted = catalog.adopt(new JsonObject(json)).toCompletionStage().toCompletableFuture().join();
        publishedJson = json;
        published = new Published(adopted, version);
    }

    private void applied(TermIndex index) {
        updateLastAppliedTermIndex(index);
        synchronized (appliedMonitor) {
            appliedMonitor.notifyAll();
        }
    }
}
