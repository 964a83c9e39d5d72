package io.tributary.cluster;

import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.quota.ShardQuotas;
import io.tributary.engine.shard.ShardHandle;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamEncryption;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
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
 * are skipped. A replica behind the point the leader purged its log to copies the missing records
 * from the leader's shard logs up to the leader's snapshot ({@link #catchUp}) and goes on from there.
 *
 * <p>With throughput limits on, the group's leader admits each append within its shard's write
 * throughput before the entry goes into the log ({@link #startTransaction}), and the entry carries
 * what was admitted and what was offered: every replica counts the offered writes of each shard
 * alike, which on-demand scaling measures on whichever node leads the metadata group.
 *
 * <p>Concurrency: Ratis applies entries one at a time on its state machine updater thread, which
 * alone writes {@link #shards} (others read a shard's offered writes); snapshots are taken on that
 * thread too. {@link #startTransaction} runs on Ratis's request threads, several at once, and
 * touches only {@link #admissions}. A catch-up runs on the
 * installer thread and touches only the shard logs (through their handles), while no entry of the
 * group is being applied here; a leader's answers to it run on Ratis's threads and only read.
 */
final class ShardGroupStateMachine extends SnapshottingStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(ShardGroupStateMachine.class);
    /** How long an entry waits for this node's catalog to know its shard before it is treated as gone. */
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);
    /** How long a snapshot waits for the group's shard logs to be forced to disk. */
    private static final Duration FORCE_WAIT = Duration.ofSeconds(60);
    /** How long a closing node waits for its shards to give up the writes they wait to apply. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(10);

    /**
     * A shard's replicated state: where its next record goes, whether it is sealed, the bytes and
     * records offered to it since it was created (admitted or not), which on-demand scaling measures,
     * and the newest metadata index its entries named, which tells when a catalog without its stream
     * is one that deleted it ({@link #takeSnapshot}).
     */
    private record Progress(long endPosition, boolean sealed, long offeredBytes, long offeredRecords, long metadataIndex) {
        static final Progress NEW = new Progress(0, false, 0, 0, -1);
        /** Of a snapshot line written before the index was kept: never taken for deleted. */
        static final long UNKNOWN_INDEX = Long.MAX_VALUE;

        Progress sealing(long index) {
            return new Progress(endPosition, true, offeredBytes, offeredRecords, named(index));
        }

        /** The newest metadata index named once an entry naming {@code index} is applied. */
        long named(long index) {
            return metadataIndex == UNKNOWN_INDEX ? index : Math.max(metadataIndex, index);
        }
    }

    /** The most a catch-up's answer carries, well within the Raft messages' 64 MB. */
    private static final int COPY_BYTES = 4 << 20;
    private static final int COPY_RECORDS = 10_000;

    private final StreamCatalog catalog;
    private final MetadataStateMachine metadata;
    private final java.util.function.Supplier<CompletableFuture<Void>> catalogCaughtUp;
    /** Written by the updater thread alone; read by others (a shard's offered writes). */
    private final Map<String, Progress> shards = new ConcurrentHashMap<>();
    private final boolean throughputLimits;
    /** The cluster's key for the sealed records of encrypted streams in entries ({@link EntryKey}); throws until it is known. */
    private final java.util.function.Supplier<EntryKey> entryKey;
    /**
     * The write throughput of each shard that appends were proposed to while this replica led the
     * group, by {@link Commands#shardKey}: its token buckets, each used under its own lock.
     */
    private final Map<String, ShardQuotas> admissions = new ConcurrentHashMap<>();
    /** Shards whose replica here waits to apply agreed writes its log refused (a full disk), by {@link Commands#shardKey}. */
    private final Set<String> stalledShards = ConcurrentHashMap.newKeySet();

    /**
     * @param catalogCaughtUp  completes once this node's catalog holds every committed change (a read
     *                         index on the metadata group), so a catch-up knows every shard it copies
     * @param throughputLimits whether, as the group's leader, this replica admits appends within each
     *                         shard's write throughput (1 MiB/s and 1,000 records/s)
     * @param entryKey         the cluster's key for sealed records in entries; throws while there is none
     */
    ShardGroupStateMachine(StreamCatalog catalog, MetadataStateMachine metadata, Peers peers,
                           java.util.function.Supplier<CompletableFuture<Void>> catalogCaughtUp, boolean throughputLimits,
                           java.util.function.Supplier<EntryKey> entryKey) {
        super(peers, "data");
        this.catalog = catalog;
        this.metadata = metadata;
        this.catalogCaughtUp = catalogCaughtUp;
        this.throughputLimits = throughputLimits;
        this.entryKey = entryKey;
    }

    /**
     * On the group's leader, before an appends entry goes into the log: with throughput limits on,
     * each part keeps the prefix of its records its shard's write throughput admits, and says what
     * was offered, so the limit holds for a shard whichever nodes its writes arrive on (a leader
     * alone decides, and every replica applies what it decided). A new leader starts with full buckets.
     */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        if (!stalledShards.isEmpty() && Commands.proposedAppends(content)) {
            // as a single node with a full disk does: the write fails, and nothing of it is kept; the
            // refusal is the reply (thrown, it would reach the client as an error it tries again)
            TransactionContext refused = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request).build();
            refused.setException(new IOException("The leader's replica of shard " + stalledShards.iterator().next()
                + " cannot write its log (is its disk full?); writes to this group are refused until it can"));
            return refused;
        }
        if (!throughputLimits || !Commands.proposedAppends(content)) {
            return super.startTransaction(request);
        }
        Commands.GroupEntry entry;
        try {
            entry = Commands.groupEntry(content, entryKey);
        } catch (IllegalStateException noKeyYet) {
            // sealed records, and this node's catalog has not caught up with the cluster's secret yet:
            // the entry goes in as proposed, every record admitted
            LOG.warn("Appends go in unadmitted: {}", noKeyYet.getMessage());
            return super.startTransaction(request);
        }
        List<Commands.ShardCommand> admitted = new ArrayList<>(entry.parts().size());
        for (Commands.ShardCommand part : entry.parts()) {
            ShardQuotas quotas = admissions.computeIfAbsent(part.shardKey(), key -> new ShardQuotas(true, System::nanoTime));
            int taken = 0;
            synchronized (quotas) {
                while (taken < part.entries().size() && quotas.admitWrite(part.entries().get(taken).sizeBytes())) {
                    taken++;
                }
            }
            admitted.add(part.admitting(taken));
        }
        return TransactionContext.newBuilder()
            .setStateMachine(this)
            .setClientRequest(request)
            .setLogData(Commands.admitted(entry.metadataIndex(), admitted, entryKey).getContent())
            .build();
    }

    /**
     * Notes whether this node's replica of a shard of the group waits to apply agreed writes its log
     * refused ({@link ShardHandle}); while any does, this node, as the group's leader, refuses new writes.
     */
    void applyStalled(String shardKey, boolean stalled) {
        if (stalled) {
            stalledShards.add(shardKey);
        } else {
            stalledShards.remove(shardKey);
        }
    }

    /** How many shards of the group wait on this replica ({@link #applyStalled}). */
    int stalledShards() {
        return stalledShards.size();
    }

    /**
     * The node is closing: the shards that wait give up their waiting writes ({@link ShardHandle#abandonStalled}),
     * so that Ratis, which stops only once every apply has completed, can stop. They stay counted as
     * waiting, so no snapshot is taken past those writes, and the node applies them again at its restart.
     */
    void abandonStalled() {
        if (stalledShards.isEmpty()) {
            return;
        }
        List<Future<Void>> abandoned = new ArrayList<>();
        catalogShards().forEach((key, shard) -> {
            if (stalledShards.contains(key)) {
                abandoned.add(shard.handle().abandonStalled());
            }
        });
        try {
            Future.all(abandoned).toCompletionStage().toCompletableFuture().get(ABANDON_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The waiting writes of shards were not all given up: {}", e.toString());
        }
    }

    /** Bytes and records offered to a shard since it was created, as this replica has applied them; empty if it knows no such shard. */
    Optional<long[]> offered(String shardKey) {
        Progress progress = shards.get(shardKey);
        return progress == null ? Optional.empty() : Optional.of(new long[] {progress.offeredBytes(), progress.offeredRecords()});
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        ByteString data = entry.getStateMachineLogEntry().getLogData();
        CompletableFuture<Message> reply;
        try {
            long metadataIndex = Commands.metadataIndex(data);
            if (!metadata.awaitApplied(metadataIndex, CATALOG_WAIT)) {
                LOG.warn("The catalog did not reach index {} in time; the shards of the entry it does not know are treated as gone",
                    metadataIndex);
            }
            // decoded only now: sealed records open with the cluster's secret, which the catalog holds by then
            reply = apply(Commands.groupEntry(data, entryKey));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(TermIndex.valueOf(entry));
        return reply;
    }

    /** Applies the entry's parts in order; its reply, once every part is in its shard log, has one answer per part. */
    private CompletableFuture<Message> apply(Commands.GroupEntry entry) {
        List<CompletableFuture<Commands.Reply>> parts = new ArrayList<>(entry.parts().size());
        for (Commands.ShardCommand part : entry.parts()) {
            parts.add(apply(part, entry.metadataIndex()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .thenApply(applied -> Commands.replies(parts.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<Commands.Reply> apply(Commands.ShardCommand command, long metadataIndex) {
        Progress progress = shards.getOrDefault(command.shardKey(), Progress.NEW);
        Optional<ShardHandle> handle = handle(command);
        if (command.type() == Commands.SEAL) {
            shards.put(command.shardKey(), progress.sealing(metadataIndex));
            admissions.remove(command.shardKey());
            Commands.Reply sealed = new Commands.Reply(Commands.APPLIED, progress.endPosition());
            if (handle.isEmpty()) {
                return CompletableFuture.completedFuture(sealed);
            }
            return handle.get().applySeal().toCompletionStage().toCompletableFuture().thenApply(ending -> sealed);
        }
        if (progress.sealed()) {
            return CompletableFuture.completedFuture(new Commands.Reply(Commands.CLOSED, progress.endPosition()));
        }
        long first = progress.endPosition();
        int admitted = command.entries().size();
        // the positions are taken whether or not this replica holds the shard, so that the
        // replicated state is a function of the log alone
        shards.put(command.shardKey(), new Progress(first + admitted, false, progress.offeredBytes() + command.offeredBytes(),
            progress.offeredRecords() + command.offeredRecords(), progress.named(metadataIndex)));
        if (handle.isEmpty()) {
            return CompletableFuture.completedFuture(new Commands.Reply(Commands.GONE, first));
        }
        if (admitted == 0) {
            return CompletableFuture.completedFuture(new Commands.Reply(Commands.APPLIED, first, 0));
        }
        return handle.get().applyAppend(first, command.entries(), command.arrivalMillis(), command.kmsKeyArn()).toCompletionStage()
            .toCompletableFuture().thenApply(position -> new Commands.Reply(Commands.APPLIED, position, admitted));
    }

    private Optional<ShardHandle> handle(Commands.ShardCommand command) {
        return stream(command.stream(), command.createdMillis())
            .flatMap(stream -> stream.shard(command.shard()))
            .map(ShardState::handle);
    }

    /** This node's stream of that name created then, unless deleted (or not yet known here). */
    private Optional<StreamState> stream(String name, long createdMillis) {
        return catalog.snapshot().stream(name).filter(stream -> stream.createdMillis() == createdMillis);
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
        if (!stalledShards.isEmpty()) {
            // only as the node closes: Ratis waits for every apply before a snapshot otherwise
            throw new IOException("agreed writes of " + stalledShards.size() + " shards are not in their logs; no snapshot is taken past them");
        }
        forceShardLogs();
        forgetDeletedStreams();
        StringBuilder body = new StringBuilder();
        shards.forEach((key, progress) -> body.append(progress.endPosition()).append(' ').append(progress.sealed())
            .append(' ').append(progress.offeredBytes()).append(' ').append(progress.offeredRecords())
            .append(' ').append(progress.metadataIndex()).append(' ').append(key).append('\n'));
        store(last, body.toString());
        return last.getIndex();
    }

    /**
     * Drops the state of shards whose stream was deleted, so that it does not stay in every snapshot
     * for ever. A stream is taken for deleted when this node's catalog, at or past the newest metadata
     * index the shard's entries named (where the stream was in the catalog its proposer routed
     * with), no longer holds it; a catalog still behind that index may just not know the stream yet.
     * An entry for a dropped shard applied later (proposed before the stream went) finds no shard
     * here, as it would without the drop. Runs on the updater thread, the only one that writes
     * {@link #shards}.
     */
    private void forgetDeletedStreams() {
        long applied = metadata.appliedIndex();
        Set<String> live = new HashSet<>();
        for (StreamState stream : catalog.snapshot().streams().values()) {
            live.add(Commands.streamKey(stream.name(), stream.createdMillis()));
        }
        int before = shards.size();
        shards.entrySet().removeIf(shard -> shard.getValue().metadataIndex() <= applied
            && !live.contains(Commands.streamKeyOf(shard.getKey())));
        if (shards.size() < before) {
            LOG.info("Dropped the state of {} shards of deleted streams", before - shards.size());
        }
    }

    /** Every shard this node's catalog holds, by {@link Commands#shardKey}. */
    private Map<String, ShardState> catalogShards() {
        Map<String, ShardState> held = new HashMap<>();
        for (StreamState stream : catalog.snapshot().streams().values()) {
            for (ShardState shard : stream.shards()) {
                held.put(Commands.shardKey(stream.name(), stream.createdMillis(), shard.id()), shard);
            }
        }
        return held;
    }

    private void forceShardLogs() throws IOException {
        List<Future<Void>> forced = new ArrayList<>();
        Map<String, ShardState> known = catalogShards();
        known.forEach((key, shard) -> {
            if (shards.containsKey(key)) {
                forced.add(shard.handle().force());
            }
        });
        // the buckets of shards of deleted streams go with them
        admissions.keySet().retainAll(known.keySet());
        try {
            Future.all(forced).toCompletionStage().toCompletableFuture().get(FORCE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while forcing the shard logs for a snapshot");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the shard logs could not be forced for a snapshot; none is taken", e);
        }
    }

    @Override
    void restore(Snapshot snapshot) {
        shards.clear();
        shards.putAll(progressOf(snapshot));
        updateLastAppliedTermIndex(snapshot.termIndex());
        LOG.info("{} shards restored from the snapshot at {}", shards.size(), snapshot.termIndex());
    }

    /**
     * A snapshot's lines: {@code end sealed offeredBytes offeredRecords metadataIndex key}; before the
     * index was kept {@code end sealed offeredBytes offeredRecords key}, and before offered writes were
     * kept {@code end sealed key}.
     */
    private static Map<String, Progress> progressOf(Snapshot snapshot) {
        Map<String, Progress> progress = new HashMap<>();
        for (String line : snapshot.body().split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 6) {
                progress.put(parts[5], new Progress(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]),
                    Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4])));
            } else if (parts.length == 5) {
                progress.put(parts[4], new Progress(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]),
                    Long.parseLong(parts[2]), Long.parseLong(parts[3]), Progress.UNKNOWN_INDEX));
            } else if (parts.length == 3) {
                progress.put(parts[2], new Progress(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]), 0, 0,
                    Progress.UNKNOWN_INDEX));
            }
        }
        return progress;
    }

    /**
     * Copies, from {@code leader}'s shard logs, the records each shard of the snapshot holds below
     * its position that this node's log lacks, and seals the shards it has sealed. Shards of
     * streams deleted since are skipped: nothing reads them any more. Where the leader holds nothing
     * below some position (past retention there), this node's log restarts empty at it.
     */
    @Override
    void catchUp(Snapshot snapshot, RaftPeerId leader) throws Exception {
        Map<String, Progress> target = progressOf(snapshot);
        catalogCaughtUp.get().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long copied = 0;
        for (StreamState stream : catalog.snapshot().streams().values()) {
            for (ShardState shard : stream.shards()) {
                Progress wanted = target.get(Commands.shardKey(stream.name(), stream.createdMillis(), shard.id()));
                if (wanted != null) {
                    copied += copy(stream, shard, wanted, leader);
                }
            }
        }
        LOG.info("Copied {} records from {} to catch up with its snapshot at {}", copied, leader, snapshot.termIndex());
    }

    private long copy(StreamState stream, ShardState shard, Progress wanted, RaftPeerId leader) throws Exception {
        ShardHandle handle = shard.handle();
        long from = await(handle.endPosition());
        long start = from;
        while (from < wanted.endPosition()) {
            int maxRecords = (int) Math.min(COPY_RECORDS, wanted.endPosition() - from);
            Optional<ReadBatch> answer = Commands.batchReply(ask(leader, Commands.readQuery(stream.name(), stream.createdMillis(),
                shard.id(), Commands.ReadKind.BATCH, from, maxRecords, COPY_BYTES, TimeUnit.HOURS.toMillis(stream.retentionHours())))
                .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            if (answer.isEmpty()) {
                return from - start;
            }
            List<LogRecord> read = answer.get().records();
            long begin = read.isEmpty() ? answer.get().nextPosition() : read.get(0).position();
            List<LogRecord> records = read.stream().filter(record -> record.position() < wanted.endPosition()).toList();
            if (begin > from) {
                long restart = Math.min(begin, wanted.endPosition());
                await(handle.force());
                await(handle.restartAt(restart));
                from = restart;
                start = restart;
            }
            if (records.isEmpty()) {
                if (from < wanted.endPosition()) {
                    throw new IOException(leader + " has no records of " + shard.id() + " in " + stream.name() + " from " + from);
                }
                break;
            }
            from = await(handle.applyCopied(records, stream.encryption().map(StreamEncryption::keyArn)));
        }
        if (wanted.sealed()) {
            await(handle.applySeal());
        }
        await(handle.force());
        return from - start;
    }

    /**
     * A replica's answer to a read question: from a replica catching up from it (a batch of a shard's
     * records from a position on), or, at a group's leader, from a node that holds no replica of the
     * shard ({@link io.tributary.engine.replication.RemoteShard}).
     */
    @Override
    CompletableFuture<Message> answer(ByteString question) {
        if (question.byteAt(0) != Commands.READ_QUERY) {
            return super.answer(question);
        }
        Commands.ReadQuery asked = Commands.readQuery(question);
        if (asked.kind() == Commands.ReadKind.OFFERED) {
            return CompletableFuture.completedFuture(Commands.offeredReply(
                offered(Commands.shardKey(asked.stream(), asked.createdMillis(), asked.shard()))));
        }
        Optional<ShardState> shard = stream(asked.stream(), asked.createdMillis()).flatMap(state -> state.shard(asked.shard()));
        if (shard.isEmpty()) {
            return CompletableFuture.completedFuture(asked.kind() == Commands.ReadKind.BATCH
                ? Commands.batchReply(Optional.empty()) : Commands.reply(Commands.GONE, -1));
        }
        ShardHandle handle = shard.get().handle();
        Future<Message> answer = switch (asked.kind()) {
            case BATCH -> handle.read(asked.argument(), asked.maxRecords(), asked.maxBytes(), asked.retentionMillis())
                .map(batch -> Commands.batchReply(Optional.of(batch)));
            case TRIM_HORIZON -> handle.trimHorizon(asked.retentionMillis()).map(position -> Commands.reply(Commands.APPLIED, position));
            case END -> handle.endPosition().map(position -> Commands.reply(Commands.APPLIED, position));
            case AT_TIMESTAMP -> handle.positionAt(asked.argument()).map(position -> Commands.reply(Commands.APPLIED, position));
            case OFFERED -> throw new IllegalStateException("answered above");
        };
        return answer.toCompletionStage().toCompletableFuture();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(FORCE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
