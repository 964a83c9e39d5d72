package io.tributary.engine.shard;

import io.tributary.engine.error.KinesisException;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.log.ShardLog;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.quota.ShardQuotas;
import io.tributary.engine.replication.RemoteShard;
import io.tributary.engine.replication.ShardReplication;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The handle through which everything outside a shard reaches it. Each method hops onto the
 * shard's {@link Owner} and completes on the caller's context; the log itself is never touched from
 * elsewhere.
 *
 * <p>Readers that have caught up wait with {@link #readWhenReadable}: they are woken when an append
 * becomes readable, never by polling. The exception is a shard this node holds no replica of (cluster
 * mode with fewer replicas than nodes): its reads go to the shard's group ({@link RemoteShard}), and a
 * waiting reader asks again every quarter of a second.
 *
 * <p>In cluster mode the handle has a {@link ShardReplication}: appends and seals are proposed to
 * the shard's Raft group and reach this log (on every replica) through {@link #applyAppend} and
 * {@link #applySeal} as the group's state machine applies them; reads wait for a read index first.
 * Without one (a single node) appends go straight to the local log, as fast as before.
 *
 * <p>Concurrency: thread-safe; all state behind it (the log and the waiting readers) is confined to
 * the owner's thread.
 */
public final class ShardHandle {
    private static final Logger LOG = LoggerFactory.getLogger(ShardHandle.class);
    /** How often a reader waiting on a shard held elsewhere asks its group again. */
    private static final Duration REMOTE_POLL = Duration.ofMillis(250);
    /** How soon an agreed append this replica's log could not take (a full disk) is first applied again; the wait doubles. */
    private static final Duration STALLED_RETRY = Duration.ofMillis(250);
    /** The longest wait between two attempts to apply it. */
    private static final Duration STALLED_RETRY_MAX = Duration.ofSeconds(4);

    private final Owner owner;
    private final ShardLog log;
    private final Clock clock;
    private final Optional<ShardReplication> replication;
    /** The shard's group, read instead of the local log when this node holds no replica of the shard. */
    private final Optional<RemoteShard> remote;
    /**
     * Provisioned throughput; owner thread only. In cluster mode only its reads are used: the
     * shard's group's leader admits the writes.
     */
    private final ShardQuotas quotas;
    /** Readers waiting for records; owner thread only. */
    private final List<Waiter> waiters = new ArrayList<>();
    /** Closed by resharding: no more appends; owner thread only. */
    private boolean closed;
    /**
     * Agreed appends and seals (cluster mode) waiting, in their order, behind the first one this
     * replica's log could not take (a full disk, a key it could not use); owner thread only.
     */
    private final ArrayDeque<Agreed> stalled = new ArrayDeque<>();
    /** The wait before the next attempt to apply the first of {@link #stalled}; owner thread only. */
    private long stalledRetryMillis;

    private record Waiter(long position, Runnable wake) {
    }

    /** An agreed change to this replica's log, and who waits for it to be applied. */
    private record Agreed(Supplier<Future<Long>> apply, Promise<Long> applied) {
    }

    public ShardHandle(Owner owner, ShardLog log, Clock clock, boolean throughputLimits) {
        this(owner, log, clock, throughputLimits, Optional.empty());
    }

    /** A handle whose writes go through {@code replication} when present. */
    public ShardHandle(Owner owner, ShardLog log, Clock clock, boolean throughputLimits, Optional<ShardReplication> replication) {
        this.owner = owner;
        this.log = log;
        this.clock = clock;
        this.replication = replication;
        this.remote = replication.flatMap(ShardReplication::remote);
        this.quotas = new ShardQuotas(throughputLimits, System::nanoTime);
    }

    public Owner owner() {
        return owner;
    }

    /**
     * Appends records and completes, once the log's durability holds, with the position of the first and
     * how many were taken: a prefix of {@code entries} within the shard's write throughput;
     * waiting readers are woken then. Arrival times never go backwards within a shard, even if the
     * wall clock does. A shard closed by resharding refuses with {@link ShardClosedException}: the
     * caller routes again with the newer stream metadata.
     */
    public Future<AppendResult> append(List<AppendEntry> entries) {
        return append(entries, Optional.empty());
    }

    /**
     * {@link #append(List)}, with the records encrypted at rest under data keys of the KMS key
     * {@code kmsKeyArn} when it is present (the stream is encrypted).
     */
    public Future<AppendResult> append(List<AppendEntry> entries, Optional<String> kmsKeyArn) {
        return owner.call(() -> {
            if (closed) {
                return Future.failedFuture(new ShardClosedException());
            }
            if (replication.isPresent()) {
                // the group's leader admits within the shard's throughput, for writes arriving on every node
                return replication.get().append(List.copyOf(entries), clock.millis(), kmsKeyArn);
            }
            int accepted = 0;
            while (accepted < entries.size() && quotas.admitWrite(entries.get(accepted).sizeBytes())) {
                accepted++;
            }
            if (accepted == 0) {
                return Future.succeededFuture(new AppendResult(-1, 0));
            }
            List<AppendEntry> taken = accepted == entries.size() ? entries : entries.subList(0, accepted);
            long arrival = Math.max(clock.millis(), log.lastArrivalMillis());
            long first = log.append(taken, arrival, kmsKeyArn);
            int written = accepted;
            return log.whenDurable(log.endPosition()).map(durable -> {
                wakeReaders();
                return new AppendResult(first, written);
            });
        });
    }

    /**
     * Reads a bounded batch from {@code fromPosition}, skipping records older than the retention
     * period, which are then trimmed.
     */
    public Future<ReadBatch> read(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
        if (remote.isPresent()) {
            return onCaller(remote.get().read(fromPosition, maxRecords, maxBytes, retentionMillis));
        }
        return owner.call(() -> Future.succeededFuture(readNow(fromPosition, maxRecords, maxBytes, retentionMillis)));
    }

    /**
     * A GetRecords read: as {@link #read}, but within the shard's read throughput (five calls and
     * 2 MiB a second); fails with {@link ShardThrottledException} beyond it.
     */
    public Future<ReadBatch> readWithinQuota(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
        if (remote.isPresent()) {
            return owner.call(() -> quotas.admitRead()
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(new ShardThrottledException()))
                .compose(admitted -> readElsewhere(remote.get(), fromPosition, maxRecords, maxBytes, retentionMillis));
        }
        if (replication.isPresent()) {
            return replication.get().readBarrier()
                .compose(caughtUp -> readWithinQuotaHere(fromPosition, maxRecords, maxBytes, retentionMillis));
        }
        return readWithinQuotaHere(fromPosition, maxRecords, maxBytes, retentionMillis);
    }

    private Future<ReadBatch> readWithinQuotaHere(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
        return owner.call(() -> {
            if (!quotas.admitRead()) {
                return Future.failedFuture(new ShardThrottledException());
            }
            if (!stalled.isEmpty()) {
                // agreed writes this replica's log refused wait here, and the group may have
                // acknowledged them: the group's leader answers from its own log instead
                return readElsewhere(replication.orElseThrow().groupReads(), fromPosition, maxRecords, maxBytes, retentionMillis);
            }
            ReadBatch batch = readNow(fromPosition, maxRecords, maxBytes, retentionMillis);
            quotas.readDone(batch.bytes());
            return Future.succeededFuture(batch);
        });
    }

    /** A GetRecords read, already admitted, asked of {@code shard} and counted here once answered. */
    private Future<ReadBatch> readElsewhere(RemoteShard shard, long fromPosition, int maxRecords, long maxBytes,
                                            long retentionMillis) {
        return onCaller(shard.read(fromPosition, maxRecords, maxBytes, retentionMillis))
            .compose(batch -> owner.call(() -> {
                quotas.readDone(batch.bytes());
                return Future.succeededFuture(batch);
            }));
    }

    /** Admits a GetShardIterator call within five a second, or fails with {@link ShardThrottledException}. */
    public Future<Void> admitIterator() {
        return owner.call(() -> quotas.admitIterator() ? Future.succeededFuture() : Future.failedFuture(new ShardThrottledException()));
    }

    /**
     * Bytes and records offered to this shard for writing so far, throttled or not: on a single node
     * since it started; in cluster mode since the shard was created, as its group agreed them.
     */
    public Future<long[]> attemptedWrites() {
        if (replication.isPresent()) {
            return onCaller(replication.get().offeredWrites());
        }
        return owner.call(() -> Future.succeededFuture(new long[] {quotas.attemptedWriteBytes(), quotas.attemptedWriteRecords()}));
    }

    private ReadBatch readNow(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
        applyRetention(retentionMillis);
        return log.read(fromPosition, maxRecords, maxBytes);
    }

    /**
     * Waits until a record at {@code position} or later is readable, then reads a bounded batch from
     * there, as {@link #read} does, and completes with it on the subscriber's context: the owner
     * reads as it wakes the reader, so the records take one hop to the subscriber rather than a
     * wake-up and then a read there and back. Completes at once if such a record is readable already.
     * Completes empty, without reading, when the shard changes state (closed or deleted) while
     * nothing is readable: the subscriber then looks at the shard's new state. Cancelling stops the wait.
     */
    public Mono<ReadBatch> readWhenReadable(long position, int maxRecords, long maxBytes, long retentionMillis) {
        if (remote.isPresent()) {
            return pollRemote(position, maxRecords, maxBytes, retentionMillis);
        }
        return Mono.create(sink -> {
            Context caller = Vertx.currentContext();
            Waiter waiter = new Waiter(position, () -> {
                if (log.readableEnd() <= position) {
                    deliver(caller, sink::success);
                    return;
                }
                try {
                    ReadBatch batch = readNow(position, maxRecords, maxBytes, retentionMillis);
                    deliver(caller, () -> sink.success(batch));
                } catch (RuntimeException failed) {
                    deliver(caller, () -> sink.error(failed));
                }
            });
            owner.run(() -> {
                if (log.readableEnd() > position) {
                    waiter.wake().run();
                } else {
                    waiters.add(waiter);
                }
            });
            sink.onCancel(() -> owner.run(() -> waiters.remove(waiter)));
        });
    }

    /**
     * A shard held elsewhere has no appends here to wake a reader: its group is asked again every
     * {@link #REMOTE_POLL} until a record at {@code position} or later is there (a caller's heartbeat
     * covers the silence, and notices a closed shard's end). Cancelling stops the asking.
     */
    private Mono<ReadBatch> pollRemote(long position, int maxRecords, long maxBytes, long retentionMillis) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return Mono.delay(REMOTE_POLL).then(Mono.fromCompletionStage(() ->
                remote.get().read(position, maxRecords, maxBytes, retentionMillis).toCompletionStage()));
        }
        return Mono.create(sink -> {
            boolean[] cancelled = {false};
            sink.onCancel(() -> caller.runOnContext(ignored -> cancelled[0] = true));
            Runnable[] ask = new Runnable[1];
            ask[0] = () -> caller.owner().setTimer(REMOTE_POLL.toMillis(), timer -> {
                if (cancelled[0]) {
                    return;
                }
                onCaller(remote.get().read(position, maxRecords, maxBytes, retentionMillis)).onComplete(read -> {
                    if (cancelled[0]) {
                        return;
                    }
                    if (read.failed()) {
                        sink.error(read.cause());
                    } else if (read.result().records().isEmpty()) {
                        ask[0].run();
                    } else {
                        sink.success(read.result());
                    }
                });
            });
            caller.runOnContext(ignored -> ask[0].run());
        });
    }

    /** The first position still within retention: where a TRIM_HORIZON reader starts. */
    public Future<Long> trimHorizon(long retentionMillis) {
        if (remote.isPresent()) {
            return onCaller(remote.get().trimHorizon(retentionMillis));
        }
        return owner.call(() -> Future.succeededFuture(applyRetention(retentionMillis)));
    }

    /** The position the next record will take: where a LATEST reader starts. */
    public Future<Long> endPosition() {
        if (remote.isPresent()) {
            return onCaller(remote.get().endPosition());
        }
        return owner.call(() -> Future.succeededFuture(log.endPosition()));
    }

    public Future<Long> positionAt(long timestampMillis) {
        if (remote.isPresent()) {
            return onCaller(remote.get().positionAt(timestampMillis));
        }
        return owner.call(() -> Future.succeededFuture(log.positionAt(timestampMillis)));
    }

    /** {@code answer}, completed on the calling context (if any), as the owner's answers are: a remote read completes on a Raft thread. */
    private static <T> Future<T> onCaller(Future<T> answer) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return answer;
        }
        Promise<T> delivered = Promise.promise();
        answer.onComplete(result -> caller.runOnContext(ignored -> delivered.handle(result)));
        return delivered.future();
    }

    /** Deletes the shard's stored records; the handle is not used afterwards. */
    public Future<Void> destroy() {
        return owner.call(() -> {
            wakeAll();
            if (!stalled.isEmpty()) {
                failStalled(new ShardClosedException());
                replication.ifPresent(group -> group.applyStalled(false));
            }
            return log.destroy();
        });
    }

    /**
     * Closes the shard to writes, as resharding does: completes with its ending position (the
     * position after its last record). Appends after this fail with {@link ShardClosedException};
     * waiting readers are woken so that they find the shard's end.
     */
    public Future<Long> seal() {
        if (replication.isPresent()) {
            return replication.get().seal();
        }
        return applySeal();
    }

    /**
     * Applies an agreed seal to this replica's log (cluster mode), or seals the local log: closes
     * the shard to appends and completes with its ending position once it is durable.
     */
    public Future<Long> applySeal() {
        return owner.call(() -> inAgreedOrder(() -> {
            closed = true;
            long ending = log.endPosition();
            return log.whenDurable(ending).map(durable -> {
                wakeAll();
                return ending;
            });
        }));
    }

    /**
     * Applies an agreed append to this replica's log (cluster mode): the state machine gave the
     * batch positions from {@code firstPosition} on, and this log ends there unless the entry is
     * being applied again after a restart, when records it already holds are skipped. Arrival times
     * are the proposer's, kept non-decreasing, so every replica stores the same records, sealed
     * under {@code kmsKeyArn} when the stream was encrypted as the entry was proposed. Completes,
     * once the records are durable as the log's mode says and waiting readers have been woken, with
     * the first position. (A cluster node's logs are in interval mode: the entry is already on a
     * majority's Raft logs, which a replica's shard log is rebuilt from after a crash.)
     */
    public Future<Long> applyAppend(long firstPosition, List<AppendEntry> entries, long arrivalMillis,
                                    Optional<String> kmsKeyArn) {
        return owner.call(() -> inAgreedOrder(() -> {
            long held = log.endPosition() - firstPosition;
            if (held < 0) {
                return Future.failedFuture(new IllegalStateException("the log ends at " + log.endPosition()
                    + ", before the agreed position " + firstPosition + ": records were lost"));
            }
            if (held < entries.size()) {
                List<AppendEntry> missing = held == 0 ? entries : entries.subList((int) held, entries.size());
                log.append(missing, Math.max(arrivalMillis, log.lastArrivalMillis()), kmsKeyArn);
            }
            return log.whenDurable(log.endPosition()).map(durable -> {
                wakeReaders();
                return firstPosition;
            });
        }));
    }

    /**
     * Applies an agreed change now, unless earlier ones wait; owner thread. A change the log refuses
     * (it left the log as it was: a full disk, a key it could not use) is not dropped, since the
     * group agreed on it and the positions after it count on it: it and every change after it wait,
     * in order, and are applied again (after {@link #STALLED_RETRY}, then twice as long each time up to
     * {@link #STALLED_RETRY_MAX}) until the log takes them. The
     * group's state machine then waits for them (Ratis takes no snapshot past an unfinished apply),
     * and while any wait, {@link ShardReplication#applyStalled} tells the group so its leader can
     * refuse new writes here instead of taking them.
     */
    private Future<Long> inAgreedOrder(Supplier<Future<Long>> apply) {
        if (stalled.isEmpty()) {
            try {
                return apply.get();
            } catch (KinesisException refused) {
                LOG.warn("This replica's log of a shard could not take an agreed write ({}); applying it again until it can",
                    refused.code());
                replication.ifPresent(group -> group.applyStalled(true));
                stalledRetryMillis = STALLED_RETRY.toMillis();
                owner.schedule(stalledRetryMillis, this::applyStalled);
            }
        }
        Promise<Long> applied = Promise.promise();
        stalled.add(new Agreed(apply, applied));
        return applied.future();
    }

    /** Applies the waiting changes in order while the log takes them; owner thread. */
    private void applyStalled() {
        if (stalled.isEmpty()) {
            return; // the shard was destroyed, or its node is closing
        }
        List<Runnable> answers = new ArrayList<>();
        while (!stalled.isEmpty()) {
            Agreed next = stalled.peek();
            Future<Long> applied;
            try {
                applied = next.apply().get();
            } catch (KinesisException stillRefused) {
                answers.forEach(Runnable::run);
                stalledRetryMillis = Math.min(2 * stalledRetryMillis, STALLED_RETRY_MAX.toMillis());
                owner.schedule(stalledRetryMillis, this::applyStalled);
                return;
            } catch (RuntimeException e) {
                applied = Future.failedFuture(e);
            }
            stalled.poll();
            Future<Long> outcome = applied;
            answers.add(() -> outcome.onComplete(next.applied()));
        }
        LOG.info("This replica's log of a shard took the agreed writes it had refused");
        // the group hears first, so that a snapshot Ratis takes once they are answered is not refused
        replication.ifPresent(group -> group.applyStalled(false));
        answers.forEach(Runnable::run);
    }

    /** Fails the waiting changes and forgets them; owner thread. */
    private void failStalled(RuntimeException why) {
        stalled.forEach(agreed -> agreed.applied().fail(why));
        stalled.clear();
    }

    /**
     * The node is closing (cluster mode): the agreed changes still waiting for the log are given up
     * here, failed, so that the group's state machine can stop. They are in the Raft log, and no
     * snapshot is taken past them (the group still counts this shard as waiting), so the node
     * applies them again when it restarts.
     */
    public Future<Void> abandonStalled() {
        return owner.call(() -> {
            if (!stalled.isEmpty()) {
                LOG.warn("Closing with {} agreed changes of a shard not in its log yet; they are applied after the restart",
                    stalled.size());
                failStalled(new IllegalStateException("the node closed before its log took this"));
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Copies into this replica's log records another replica holds (cluster mode: a replica behind
     * the point its group's leader purged its Raft log to catches up from the leader's shard log).
     * Records come in position order from this log's end on; records it already holds are skipped,
     * and each keeps its own arrival time. Those written while the stream was encrypted are sealed
     * under {@code kmsKeyArn} when it is present. Completes with the log's end once the records are
     * forced to disk, since the caller then records that the log holds them.
     */
    public Future<Long> applyCopied(List<LogRecord> records, Optional<String> kmsKeyArn) {
        return owner.call(() -> {
            int from = 0;
            while (from < records.size() && records.get(from).position() < log.endPosition()) {
                from++;
            }
            if (from < records.size() && records.get(from).position() != log.endPosition()) {
                return Future.failedFuture(new IllegalStateException("the log ends at " + log.endPosition()
                    + ", before the copied record at " + records.get(from).position()));
            }
            while (from < records.size()) {
                LogRecord head = records.get(from);
                int to = from;
                List<AppendEntry> run = new ArrayList<>();
                while (to < records.size() && records.get(to).arrivalMillis() == head.arrivalMillis()
                    && records.get(to).encrypted() == head.encrypted()) {
                    run.add(new AppendEntry(records.get(to).partitionKey(), records.get(to).data()));
                    to++;
                }
                log.append(run, Math.max(head.arrivalMillis(), log.lastArrivalMillis()),
                    head.encrypted() ? kmsKeyArn : Optional.empty());
                from = to;
            }
            return log.force().map(forced -> {
                wakeReaders();
                return log.endPosition();
            });
        });
    }

    /**
     * Empties this replica's log and starts it at {@code position}, beyond its end (cluster mode):
     * the replica it catches up from holds nothing below there, all of it past retention.
     */
    public Future<Void> restartAt(long position) {
        return owner.call(() -> {
            try {
                log.restartAt(position);
            } catch (java.io.IOException e) {
                return Future.failedFuture(e);
            }
            wakeAll();
            return Future.<Void>succeededFuture();
        });
    }

    /**
     * Forces every record the log holds to disk, whatever its durability mode: what a Raft group
     * does before a snapshot lets it purge the entries those records came from (cluster mode).
     */
    public Future<Void> force() {
        return owner.call(log::force);
    }

    /** Bytes of the shard's log on disk, as last published by its owner; safe from any thread. */
    public long storedBytes() {
        return log.storedBytes();
    }

    /** Flushes and closes the shard's log at shutdown. */
    public Future<Void> shutdown() {
        return owner.call(() -> {
            log.close();
            return Future.succeededFuture();
        });
    }

    /** Wakes every waiting reader, whatever it waits for: the shard changed state (closed, deleted). */
    public Future<Void> wakeAll() {
        return owner.call(() -> {
            List<Waiter> woken = new ArrayList<>(waiters);
            waiters.clear();
            woken.forEach(waiter -> waiter.wake().run());
            return Future.succeededFuture();
        });
    }

    private void wakeReaders() {
        long readable = log.readableEnd();
        List<Waiter> woken = new ArrayList<>();
        waiters.removeIf(waiter -> waiter.position() < readable && woken.add(waiter));
        woken.forEach(waiter -> waiter.wake().run());
    }

    /** Hides records older than the retention period and returns the first position still readable. */
    private long applyRetention(long retentionMillis) {
        long cutoff = clock.millis() - retentionMillis;
        long oldest = log.firstArrivalMillis();
        if (oldest >= 0 && oldest < cutoff) {
            log.trimBefore(log.positionAt(cutoff));
        }
        return log.startPosition();
    }

    private static void deliver(Context caller, Runnable action) {
        if (caller == null) {
            action.run();
        } else {
            caller.runOnContext(ignored -> action.run());
        }
    }
}
