package io.tributary.cluster;

import io.tributary.engine.log.durable.DurableFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the cluster's state machines share: a snapshot is one UTF-8 text at a term-index, kept in a
 * file of Ratis's state machine storage and, the newest, in memory; and a replica that has fallen
 * behind the point its group's leader purged the Raft log to catches up from the leader itself.
 *
 * <p>Catching up: Ratis's leader tells such a follower to install a snapshot (its own file transfer
 * is off, since a data group's snapshot is only the shards' positions: the records are in the shard
 * logs). The follower asks the leader for its newest snapshot ({@link Commands#snapshotQuery}), lets
 * the subclass bring what the snapshot stands for up to it ({@link #catchUp}: a data group copies
 * the records from the leader's shard logs), stores the snapshot as its own and hands its
 * term-index to Ratis, which then pauses this machine, {@link #reinitialize reloads} it from the
 * snapshot and goes on with the log entries after it. A failed catch-up is logged; Ratis's leader
 * asks again.
 *
 * <p>Concurrency: Ratis calls {@link #restore} on its state machine updater thread (or at start);
 * the catch-up runs on this machine's own installer thread and touches only what the subclass's
 * {@link #catchUp} says; the newest snapshot is one volatile reference.
 */
abstract class SnapshottingStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshottingStateMachine.class);
    /** How long one question to another replica waits for its answer. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    /** A snapshot: the text of the state at a term-index. */
    record Snapshot(TermIndex termIndex, String body) {
    }

    /** Asks a replica of a group a read-only question, answered from its state machine without a read index. */
    @FunctionalInterface
    interface Peers {
        CompletableFuture<ByteString> ask(RaftGroupId group, RaftPeerId peer, Message question);
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final Peers peers;
    private final String kind;
    private volatile Snapshot latest;
    private volatile boolean catchingUp;
    private ExecutorService installer;

    SnapshottingStateMachine(Peers peers, String kind) {
        this.peers = peers;
        this.kind = kind;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        installer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-catch-up-" + kind);
            thread.setDaemon(true);
            return thread;
        });
        getLifeCycle().startAndTransition(() -> loadLatest());
    }

    /** Ratis pauses the machine before it reloads it from an installed snapshot. */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        loadLatest();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public void close() throws IOException {
        if (installer != null) {
            installer.shutdownNow();
        }
        super.close();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /** Takes over the state a snapshot holds (Ratis's updater thread, or at start). */
    abstract void restore(Snapshot snapshot) throws IOException;

    /**
     * Brings whatever lives beside the replicated state (a data group's shard logs) up to
     * {@code snapshot}, from {@code leader}; on the installer thread, blocking.
     */
    abstract void catchUp(Snapshot snapshot, RaftPeerId leader) throws Exception;

    /** Answers a read-only question other than the snapshot's (the subclass's own kinds). */
    CompletableFuture<Message> answer(ByteString question) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("an unknown question to the " + kind + " group"));
    }

    /** Read barriers (an empty message) and the questions of replicas catching up. */
    @Override
    public final CompletableFuture<Message> query(Message request) {
        ByteString question = request.getContent();
        if (question.isEmpty()) {
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        if (question.byteAt(0) == Commands.SNAPSHOT_QUERY) {
            return CompletableFuture.completedFuture(Commands.snapshotReply(latest));
        }
        return answer(question);
    }

    /**
     * Stores {@code body} as the snapshot at {@code termIndex}, the newest, replaced whole
     * ({@link DurableFiles#replace}): Ratis takes the newest snapshot file as the one to restore from,
     * and one a full disk had left empty kept the node from starting.
     */
    final void store(TermIndex termIndex, String body) throws IOException {
        File file = storage.getSnapshotFile(termIndex.getTerm(), termIndex.getIndex());
        DurableFiles.replace(file.toPath(), body.getBytes(StandardCharsets.UTF_8));
        MD5Hash digest = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), digest), termIndex));
        latest = new Snapshot(termIndex, body);
    }

    final CompletableFuture<ByteString> ask(RaftPeerId peer, Message question) {
        return peers.ask(getGroupId(), peer, question);
    }

    private void loadLatest() throws IOException {
        SingleFileSnapshotInfo info = storage.getLatestSnapshot();
        if (info == null || !Files.exists(info.getFile().getPath())) {
            return;
        }
        Snapshot snapshot = new Snapshot(info.getTermIndex(), Files.readString(info.getFile().getPath(), StandardCharsets.UTF_8));
        restore(snapshot);
        latest = snapshot;
    }

    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstInLeaderLog) {
        RaftPeerId leader = RaftPeerId.valueOf(roleInfo.getFollowerInfo().getLeaderInfo().getId().getId());
        LOG.info("The {} group's leader {} no longer has this replica's next entries (its log starts at {}):"
            + " catching up from its snapshot", kind, leader, firstInLeaderLog);
        return CompletableFuture.supplyAsync(() -> {
            catchingUp = true;
            try {
                Snapshot snapshot = Commands.snapshotReply(ask(leader, Commands.snapshotQuery())
                    .get(ASK_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
                if (snapshot == null || snapshot.termIndex().getIndex() + 1 < firstInLeaderLog.getIndex()) {
                    throw new IllegalStateException("the leader's snapshot " + (snapshot == null ? "is missing" : "at "
                        + snapshot.termIndex() + " is older than its log's start " + firstInLeaderLog));
                }
                catchUp(snapshot, leader);
                store(snapshot.termIndex(), snapshot.body());
                LOG.info("The {} group caught up from {}'s snapshot at {}", kind, leader, snapshot.termIndex());
                return snapshot.termIndex();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("Catching the {} group up from {} failed; its leader will ask again: {}", kind, leader, e.toString());
                throw new java.util.concurrent.CompletionException(e);
            } finally {
                catchingUp = false;
            }
        }, installer);
    }

    /** Whether this replica is catching up from its leader's snapshot now (its log stands still meanwhile). */
    final boolean catchingUp() {
        return catchingUp;
    }
}
