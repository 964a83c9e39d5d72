package io.tributary.cluster;

import io.tributary.engine.shard.ShardHandle;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Future;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data group's state machine: the shards hashed to this group. Its replicated state is, per
 * shard, the position after the last agreed record and whether the shard is sealed; each append
 * entry takes positions from there, in log order, so every replica gives the same records the same
 * positions and sequence numbers. The records themselves go to the node's own segment-file shard
 * log through {@link ShardHandle#applyAppend}; the entry's future completes (and Ratis counts it as
 * applied, which read-index reads wait for) once they are written there. The entry is already
 * durable on a majority's Raft logs, so the shard log is not forced per entry but within its flush
 * interval.
 *
 * <p>A snapshot is that per-shard state at an applied index, taken once every entry up to it is in
 * the shard logs and the shard logs are forced to disk, so Ratis may purge its log up to there.
 * After a restart, entries past the snapshot are applied again; records a shard log already holds
 * are skipped.
 *
 * <p>Concurrency: Ratis applies entries one at a time on its state machine updater thread, which
 * alone touches {@link #shards}; snapshots are taken on that thread too.
 */
final class ShardGroupStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(ShardGroupStateMachine.class);
    /** How long an entry waits for this node's catalog to know its shard before it is treated as gone. */
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);
    /** How long a snapshot waits for the group's shard logs to be forced to disk. */
    private static final Duration FORCE_WAIT = Duration.ofSeconds(60);

    private record Progress(long endPosition, boolean sealed) {
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final StreamCatalog catalog;
    private final MetadataStateMachine metadata;
    private final Map<String, Progress> shards = new HashMap<>();

    ShardGroupStateMachine(StreamCatalog catalog, MetadataStateMachine metadata) {
        this.catalog = catalog;
        this.metadata = metadata;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        load(storage.getLatestSnapshot());
    }

    @Override
    public void reinitialize() throws IOException {
        load(storage.getLatestSnapshot());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Commands.ShardCommand command = Commands.shardCommand(entry.getStateMachineLogEntry().getLogData());
        CompletableFuture<Message> reply;
        try {
            reply = apply(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(TermIndex.valueOf(entry));
        return reply;
    }

    private CompletableFuture<Message> apply(Commands.ShardCommand command) throws InterruptedException {
        if (!metadata.awaitApplied(command.metadataIndex(), CATALOG_WAIT)) {
            LOG.warn("The catalog did not reach index {} in time; {} is treated as gone", command.metadataIndex(), command.shardKey());
        }
        Progress progress = shards.getOrDefault(command.shardKey(), new Progress(0, false));
        Optional<ShardHandle> handle = handle(command);
        if (command.type() == Commands.SEAL) {
            shards.put(command.shardKey(), new Progress(progress.endPosition(), true));
            if (handle.isEmpty()) {
                return CompletableFuture.completedFuture(Commands.reply(Commands.APPLIED, progress.endPosition()));
            }
            return handle.get().applySeal().toCompletionStage().toCompletableFuture()
                .thenApply(ending -> Commands.reply(Commands.APPLIED, progress.endPosition()));
        }
        if (progress.sealed()) {
            return CompletableFuture.completedFuture(Commands.reply(Commands.CLOSED, progress.endPosition()));
        }
        long first = progress.endPosition();
        // the positions are taken whether or not this replica holds the shard, so that the
        // replicated state is a function of the log alone
        shards.put(command.shardKey(), new Progress(first + command.entries().size(), false));
        if (handle.isEmpty()) {
            return CompletableFuture.completedFuture(Commands.reply(Commands.GONE, first));
        }
        return handle.get().applyAppend(first, command.entries(), command.arrivalMillis(), command.kmsKeyArn()).toCompletionStage().toCompletableFuture()
            .thenApply(position -> Commands.reply(Commands.APPLIED, position));
    }

    private Optional<ShardHandle> handle(Commands.ShardCommand command) {
        return catalog.snapshot().stream(command.stream())
            .filter(stream -> stream.createdMillis() == command.createdMillis())
            .flatMap(stream -> stream.shard(command.shard()))
            .map(ShardState::handle);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /**
     * Ratis calls this once every applied entry's future has completed, so every record up to the
     * applied index is in its shard log; the shard logs are forced to disk first (they are not
     * forced per entry in cluster mode), since Ratis may purge those entries once the snapshot exists.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        forceShardLogs();
        StringBuilder body = new StringBuilder();
        shards.forEach((key, progress) -> body.append(progress.endPosition()).append(' ').append(progress.sealed())
            .append(' ').append(key).append('\n'));
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Files.writeString(file.toPath(), body, StandardCharsets.UTF_8);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), null), last));
        return last.getIndex();
    }

    private void forceShardLogs() throws IOException {
        List<Future<Void>> forced = new ArrayList<>();
        for (StreamState stream : catalog.snapshot().streams().values()) {
            for (ShardState shard : stream.shards()) {
                if (shards.containsKey(Commands.shardKey(stream.name(), stream.createdMillis(), shard.id()))) {
                    forced.add(shard.handle().force());
                }
            }
        }
        try {
            Future.all(forced).toCompletionStage().toCompletableFuture().get(FORCE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while forcing the shard logs for a snapshot");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the shard logs could not be forced for a snapshot; none is taken", e);
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null || !Files.exists(snapshot.getFile().getPath())) {
            return;
        }
        shards.clear();
        for (String line : Files.readAllLines(snapshot.getFile().getPath(), StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3) {
                shards.put(parts[2], new Progress(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1])));
            }
        }
        updateLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("{} shards restored from the snapshot at {}", shards.size(), snapshot.getTermIndex());
    }
}
