package io.tributary.engine.stream;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.Messages;
import io.tributary.engine.log.ShardLogFactory;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.replication.CatalogConflictException;
import io.tributary.engine.replication.CatalogReplication;
import io.tributary.engine.replication.Replication;
import io.tributary.engine.shard.ShardHandle;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream metadata: an immutable {@link Catalog} snapshot that anyone may read at any time, and
 * the changes to it, which run one at a time on one metadata {@link Owner} and swap the snapshot
 * whole once the new catalog is stored.
 *
 * <p>In cluster mode a {@link Replication} is given: each change is agreed in the metadata Raft
 * group before it is published (see {@link CatalogReplication}), every node publishes agreed
 * catalogs through {@link #adopt}, and shard handles replicate their writes. A change that loses
 * the race to another node's is computed again, a bounded number of times.
 *
 * <p>Concurrency: {@link #snapshot()} is safe from any thread. Every change goes through
 * {@link #change}, on the metadata owner's thread, so changes never interleave; saves run on a
 * worker, off the event loop.
 */
public final class StreamCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCatalog.class);
    /** How often a change that lost the race to another node's is computed again (cluster mode). */
    private static final int MAX_CONFLICT_RETRIES = 16;

    private final EngineConfig config;
    private final Owner metadataOwner;
    private final List<Owner> shardOwners;
    private final ShardLogFactory logs;
    private final CatalogStore store;
    private final WorkerExecutor worker;
    /** Told of each new catalog, on the metadata owner's thread, just before it is published. */
    private final Consumer<Catalog> beforePublish;
    private final Optional<Replication> cluster;
    /** Where changes are agreed: the catalog file here, or the metadata Raft group. */
    private final CatalogReplication replication;
    /** Every open shard handle, by stream, creation time and shard, so that an agreed catalog reuses them. */
    private final Map<String, ShardHandle> handles = new ConcurrentHashMap<>();
    private volatile Catalog snapshot = Catalog.EMPTY;
    /** The last change in progress; touched only on the metadata owner's thread. */
    private Future<Void> previousChange = Future.succeededFuture();
    private int nextShardOwner;
    /** When each stream was scaled by UpdateShardCount, for the daily allowance; not stored across restarts. */
    private final Map<String, java.util.Deque<Long>> scalings = new HashMap<>();
    /** The newest stream's creation time, including streams read back from storage. */
    private final AtomicLong lastCreatedMillis = new AtomicLong(Long.MIN_VALUE);
    /**
     * Each status delay {@link #endOverdueDelays} has seen running (a stream or consumer, its status),
     * and since when (nanoTime); touched only by that sweep, one run at a time.
     */
    private final Map<String, Long> delaysSeen = new HashMap<>();
    /** How long past its delay a running status delay is left to the node that began it. */
    private static final Duration DELAY_GRACE = Duration.ofSeconds(2);

    private StreamCatalog(EngineConfig config, Owner metadataOwner, List<Owner> shardOwners, ShardLogFactory logs,
                          CatalogStore store, WorkerExecutor worker, Consumer<Catalog> beforePublish,
                          Optional<Replication> cluster) {
        this.config = config;
        this.metadataOwner = metadataOwner;
        this.shardOwners = List.copyOf(shardOwners);
        this.logs = logs;
        this.store = store;
        this.worker = worker;
        this.beforePublish = beforePublish;
        this.cluster = cluster;
        this.replication = cluster.map(replicated -> replicated.catalog(this)).orElseGet(LocalReplication::new);
    }

    /** Opens the catalog without anyone watching its changes. */
    public static Future<StreamCatalog> open(EngineConfig config, Owner metadataOwner, List<Owner> shardOwners,
                                             ShardLogFactory logs, CatalogStore store, WorkerExecutor worker) {
        return open(config, metadataOwner, shardOwners, logs, store, worker, next -> { });
    }

    /**
     * Reads the stored catalog and recovers every shard's log, on a worker, then serves it. Streams
     * that were being created become ACTIVE; streams that were being deleted are deleted.
     *
     * @param beforePublish told of every new catalog, this first one included, on the metadata
     *                      owner's thread just before anyone can read it (the engine's meters follow
     *                      the catalog this way)
     */
    public static Future<StreamCatalog> open(EngineConfig config, Owner metadataOwner, List<Owner> shardOwners,
                                             ShardLogFactory logs, CatalogStore store, WorkerExecutor worker,
                                             Consumer<Catalog> beforePublish) {
        return open(config, metadataOwner, shardOwners, logs, store, worker, beforePublish, Optional.empty());
    }

    /**
     * As {@link #open(EngineConfig, Owner, List, ShardLogFactory, CatalogStore, WorkerExecutor, Consumer)},
     * in cluster mode when {@code cluster} is present: the catalog then starts empty (use
     * {@link CatalogStore#NONE}) and fills as the metadata group's state machine adopts agreed catalogs.
     */
    public static Future<StreamCatalog> open(EngineConfig config, Owner metadataOwner, List<Owner> shardOwners,
                                             ShardLogFactory logs, CatalogStore store, WorkerExecutor worker,
                                             Consumer<Catalog> beforePublish, Optional<Replication> cluster) {
        StreamCatalog catalog = new StreamCatalog(config, metadataOwner, shardOwners, logs, store, worker, beforePublish, cluster);
        String arnPrefix = catalog.arnOf("");
        return worker.executeBlocking(() -> store.load()
                .map(json -> CatalogCodec.decode(json, arnPrefix, catalog::openHandle))
                .orElse(CatalogCodec.Stored.NOTHING), false)
            .compose(stored -> catalog.change(empty -> {
                List<StreamState> streams = stored.streams();
                Catalog loaded = Catalog.EMPTY.withCommitment(stored.commitment());
                for (StreamState stream : streams) {
                    loaded = loaded.with(stream);
                    catalog.lastCreatedMillis.accumulateAndGet(stream.createdMillis(), Math::max);
                }
                LOG.info("Recovered {} streams with {} shards", streams.size(),
                    streams.stream().mapToInt(stream -> stream.shards().size()).sum());
                return new Change<>(loaded, null);
            }))
            .compose(loaded -> {
                List<Future<Void>> deletions = new ArrayList<>();
                for (StreamState stream : catalog.snapshot.streams().values()) {
                    if (stream.status() == StreamStatus.DELETING) {
                        deletions.add(catalog.delete(stream.name(), true));
                    }
                }
                return Future.all(deletions).map(catalog);
            });
    }

    public Catalog snapshot() {
        return snapshot;
    }

    /** The named stream, or ResourceNotFoundException with Kinesis's message. */
    public StreamState require(String name) {
        return snapshot.stream(name).orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
    }

    public String arnOf(String streamName) {
        return "arn:aws:kinesis:" + config.region() + ":" + config.accountId() + ":stream/" + streamName;
    }

    /** Creates a stream: its shard logs open on a worker, then the stream joins the catalog. */
    public Future<StreamState> create(NewStream request) {
        checkAbsent(request.name());
        checkShardLimit(snapshot, request.shardCount());
        long now = nextCreatedMillis();
        return worker.executeBlocking(() -> newShards(request.name(), now, request.shardCount()), false)
            .compose(shards -> change(catalog -> {
                if (catalog.stream(request.name()).isPresent()) {
                    throw Messages.streamExists(request.name(), config.accountId());
                }
                checkShardLimit(catalog, request.shardCount());
                boolean delayed = !config.createStreamDelay().isZero();
                StreamState stream = new StreamState(request.name(), arnOf(request.name()),
                    delayed ? StreamStatus.CREATING : StreamStatus.ACTIVE, request.mode(), now,
                    Limits.DEFAULT_RETENTION_HOURS, request.maxRecordSizeKiB(), request.tags(), shards)
                    .withOnDemand(request.onDemand());
                if (delayed) {
                    metadataOwner.schedule(config.createStreamDelay().toMillis(), () -> endDelay(stream));
                }
                return new Change<>(catalog.with(stream), stream);
            }).onFailure(rejected -> shards.forEach(shard -> {
                handles.remove(handleKey(request.name(), now, shard.id()));
                shard.handle().destroy();
            })));
    }

    /**
     * Deletes a stream: it leaves the catalog (after DELETING, if so configured), then its logs are
     * deleted. A stream with registered consumers is deleted only if {@code withConsumers}.
     */
    public Future<Void> delete(String name, boolean withConsumers) {
        return change(catalog -> {
            StreamState stream = catalog.stream(name).orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
            if (!withConsumers && !stream.consumers().isEmpty()) {
                throw ErrorCode.RESOURCE_IN_USE.exception("Stream " + name + " under account " + config.accountId()
                    + " has registered consumers; set EnforceConsumerDeletion to delete it with them.");
            }
            if (config.deleteStreamDelay().isZero() || stream.status() == StreamStatus.DELETING) {
                return new Change<>(catalog.without(name), stream);
            }
            StreamState deleting = stream.withStatus(StreamStatus.DELETING);
            metadataOwner.schedule(config.deleteStreamDelay().toMillis(), () -> endDelay(deleting));
            return new Change<>(catalog.with(deleting), (StreamState) null);
        }).mapEmpty();
    }

    /**
     * Registers an enhanced fan-out consumer: CREATING for the consumer delay, then ACTIVE (at once
     * when the delay is zero). Kinesis's limits apply: 20 consumers per stream, 5 CREATING at once.
     */
    public Future<ConsumerState> registerConsumer(String streamName, String consumerName) {
        return change(catalog -> {
            StreamState stream = catalog.stream(streamName).orElseThrow(() -> Messages.streamNotFound(streamName, config.accountId()));
            if (stream.consumer(consumerName).isPresent()) {
                throw ErrorCode.RESOURCE_IN_USE.exception("Consumer " + consumerName + " under stream " + streamName
                    + " already exists for account " + config.accountId() + ".");
            }
            if (stream.consumers().size() >= Limits.MAX_CONSUMERS_PER_STREAM) {
                throw ErrorCode.LIMIT_EXCEEDED.exception("Consumer limit of " + Limits.MAX_CONSUMERS_PER_STREAM
                    + " exceeded for stream " + stream.arn() + ".");
            }
            long creating = stream.consumers().stream().filter(c -> c.status() == ConsumerState.ConsumerStatus.CREATING).count();
            if (creating >= Limits.MAX_CONSUMERS_CREATING) {
                throw ErrorCode.LIMIT_EXCEEDED.exception("Too many consumers are being created for stream " + stream.arn()
                    + "; at most " + Limits.MAX_CONSUMERS_CREATING + " may be CREATING at once.");
            }
            long now = config.clock().millis();
            boolean delayed = !config.consumerDelay().isZero();
            ConsumerState consumer = new ConsumerState(consumerName, ConsumerState.arnOf(stream.arn(), consumerName, now),
                delayed ? ConsumerState.ConsumerStatus.CREATING : ConsumerState.ConsumerStatus.ACTIVE, now);
            if (delayed) {
                metadataOwner.schedule(config.consumerDelay().toMillis(), () -> endDelay(stream, consumer));
            }
            List<ConsumerState> consumers = new ArrayList<>(stream.consumers());
            consumers.add(consumer);
            return new Change<>(catalog.with(stream.withConsumers(consumers)), consumer);
        });
    }

    /** Deregisters a consumer: DELETING for the consumer delay, then gone (at once when the delay is zero). */
    public Future<ConsumerState> deregisterConsumer(String streamName, String consumerArn) {
        return change(catalog -> {
            StreamState stream = catalog.stream(streamName).orElseThrow(() -> Messages.streamNotFound(streamName, config.accountId()));
            ConsumerState consumer = stream.consumers().stream().filter(c -> c.arn().equals(consumerArn)).findFirst()
                .orElseThrow(() -> Messages.consumerNotFound(consumerArn));
            if (config.consumerDelay().isZero() || consumer.status() == ConsumerState.ConsumerStatus.DELETING) {
                return new Change<>(catalog.with(replaceConsumer(stream, consumer, null)), consumer);
            }
            ConsumerState deleting = consumer.withStatus(ConsumerState.ConsumerStatus.DELETING);
            metadataOwner.schedule(config.consumerDelay().toMillis(), () -> endDelay(stream, deleting));
            return new Change<>(catalog.with(replaceConsumer(stream, consumer, deleting)), deleting);
        });
    }

    /** The stream with {@code old} (matched by ARN) replaced by {@code replacement}, or removed when that is null. */
    private static StreamState replaceConsumer(StreamState stream, ConsumerState old, ConsumerState replacement) {
        List<ConsumerState> consumers = new ArrayList<>();
        for (ConsumerState consumer : stream.consumers()) {
            if (!consumer.arn().equals(old.arn())) {
                consumers.add(consumer);
            } else if (replacement != null) {
                consumers.add(replacement);
            }
        }
        return stream.withConsumers(consumers);
    }

    /** Changes one stream's metadata; ResourceNotFoundException if there is no such stream. */
    public Future<StreamState> update(String name, UnaryOperator<StreamState> update) {
        return change(catalog -> {
            StreamState current = catalog.stream(name).orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
            StreamState next = update.apply(current);
            return new Change<>(catalog.with(next), next);
        });
    }

    /** Changes the account's billing commitment (UpdateAccountSettings); answers it as stored. */
    public Future<BillingCommitment> updateCommitment(UnaryOperator<BillingCommitment> update) {
        return change(catalog -> {
            BillingCommitment next = update.apply(catalog.commitment());
            return new Change<>(catalog.withCommitment(next), next);
        });
    }

    /**
     * Changes an ACTIVE stream's settings as Kinesis does for Start/StopStreamEncryption: the change
     * holds at once, and the stream stays UPDATING for the update delay, if one is set.
     * ResourceInUseException if the stream is not ACTIVE when the change runs.
     */
    public Future<StreamState> updateActive(String name, UnaryOperator<StreamState> update) {
        return change(catalog -> {
            StreamState current = catalog.stream(name).orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
            if (current.status() != StreamStatus.ACTIVE) {
                throw Messages.streamNotActive(name, config.accountId(), current.status());
            }
            StreamState next = update.apply(current);
            if (!config.updateStreamDelay().isZero()) {
                next = next.withStatus(StreamStatus.UPDATING);
                StreamState updating = next;
                metadataOwner.schedule(config.updateStreamDelay().toMillis(), () -> endDelay(updating));
            }
            return new Change<>(catalog.with(next), next);
        });
    }

    /**
     * Ends the status delays (CREATING, UPDATING, DELETING of streams and consumers) that the node
     * which began them has not ended: in cluster mode a delay is timed by the node that made the
     * change, and that node may stop before its timer fires, which would leave the stream or consumer
     * in that status on every node for ever. The engine runs this every second in cluster mode; it
     * acts only on the node that {@link #leads}, and ends a delay it has seen running for the whole
     * delay and {@link #DELAY_GRACE} more (so at most twice the delay after a leader change), the
     * same way the timer would have.
     */
    public void endOverdueDelays() {
        if (!leads()) {
            delaysSeen.clear();
            return;
        }
        long now = System.nanoTime();
        java.util.Set<String> running = new java.util.HashSet<>();
        for (StreamState stream : snapshot.streams().values()) {
            String streamKey = stream.name() + "/" + stream.createdMillis() + "/";
            Duration streamDelay = switch (stream.status()) {
                case CREATING -> config.createStreamDelay();
                case UPDATING -> config.updateStreamDelay();
                case DELETING -> config.deleteStreamDelay();
                case ACTIVE -> null;
            };
            if (streamDelay != null && overdue(streamKey + stream.status(), streamDelay, now, running)) {
                LOG.info("Ending the {} delay of stream {}, which the node that began it did not end", stream.status(), stream.name());
                endDelay(stream);
            }
            for (ConsumerState consumer : stream.consumers()) {
                if (consumer.status() != ConsumerState.ConsumerStatus.ACTIVE
                    && overdue(streamKey + consumer.arn() + "/" + consumer.status(), config.consumerDelay(), now, running)) {
                    LOG.info("Ending the {} delay of consumer {}, which the node that began it did not end", consumer.status(), consumer.arn());
                    endDelay(stream, consumer);
                }
            }
        }
        delaysSeen.keySet().retainAll(running);
    }

    /** Whether the delay named {@code key}, running now, has been seen for {@code delay} and the grace; notes it as running. */
    private boolean overdue(String key, Duration delay, long now, java.util.Set<String> running) {
        running.add(key);
        long since = delaysSeen.computeIfAbsent(key, seen -> now);
        return now - since > delay.plus(DELAY_GRACE).toNanos();
    }

    /**
     * Ends the status delay {@code stream} is in (CREATING or UPDATING: ACTIVE; DELETING: gone), if
     * that stream, not a re-creation, is still in it: what the timer of the node that began the delay
     * does, and the leader's sweep when that node stopped first. A stream deleted while CREATING stays
     * DELETING until its own delay ends.
     */
    private void endDelay(StreamState stream) {
        Future<?> ended = stream.status() == StreamStatus.DELETING
            ? change(later -> removeIfSame(later, stream))
            : change(later -> updateIfSame(later, stream, current -> current.status() == stream.status()
                ? current.withStatus(StreamStatus.ACTIVE) : current));
        ended.onFailure(failure -> LOG.debug("Ending the {} delay of {} failed: {}", stream.status(), stream.name(), failure.toString()));
    }

    /** As {@link #endDelay(StreamState)}, for the delay {@code consumer} of {@code stream} is in. */
    private void endDelay(StreamState stream, ConsumerState consumer) {
        change(later -> updateIfSame(later, stream, current -> endConsumerDelay(current, consumer)))
            .onFailure(failure -> LOG.debug("Ending the {} delay of {} failed: {}", consumer.status(), consumer.arn(), failure.toString()));
    }

    /** The stream with {@code consumer}'s delay ended, if it is still in the status it was seen in: ACTIVE after CREATING, gone after DELETING. */
    private static StreamState endConsumerDelay(StreamState stream, ConsumerState consumer) {
        return stream.consumers().stream()
            .filter(current -> current.arn().equals(consumer.arn()) && current.status() == consumer.status())
            .findFirst()
            .map(current -> replaceConsumer(stream, current,
                current.status() == ConsumerState.ConsumerStatus.CREATING ? current.withStatus(ConsumerState.ConsumerStatus.ACTIVE) : null))
            .orElse(stream);
    }

    /** Hides and deletes records past each stream's retention. The engine runs it periodically. */
    public void applyRetention() {
        for (StreamState stream : snapshot.streams().values()) {
            for (ShardState shard : stream.shards()) {
                shard.handle().trimHorizon(stream.retentionMillis());
            }
        }
    }

    /** Flushes and closes every shard log, for a clean shutdown. */
    public Future<Void> close() {
        List<Future<Void>> closes = new ArrayList<>();
        for (StreamState stream : snapshot.streams().values()) {
            for (ShardState shard : stream.shards()) {
                closes.add(shard.handle().shutdown());
            }
        }
        return Future.all(closes).mapEmpty();
    }

    /** A new catalog and the value the change answers with. */
    public record Change<T>(Catalog catalog, T value) {
    }

    /**
     * Runs a change on the metadata owner: {@code step} reads the current catalog and returns the
     * next one, or throws to reject the change and leave the catalog as it was. Changes run one at a
     * time, each after the previous one is stored; the new catalog becomes visible, and the returned
     * future completes, once it is stored. If it cannot be stored, nothing changes and the future
     * fails with InternalFailure.
     */
    public <T> Future<T> change(Function<Catalog, Change<T>> step) {
        return changeAsync(catalog -> Future.succeededFuture(step.apply(catalog)));
    }

    /**
     * A change whose step needs other owners or blocking work (resharding closes shards on their
     * owners and opens logs on a worker). No other change runs until it is stored.
     */
    public <T> Future<T> changeAsync(Function<Catalog, Future<Change<T>>> step) {
        return metadataOwner.call(() -> {
            Future<T> result = previousChange.transform(previous -> applyAgreed(step, 0));
            previousChange = result.transform(done -> Future.succeededFuture());
            return result;
        });
    }

    /**
     * Computes the change on an up-to-date catalog and commits it, again if another node's came first.
     * The step runs on the metadata owner's thread: in cluster mode the catalog is caught up with the
     * metadata group on a Raft thread, and a step may schedule the end of a status delay on the owner.
     */
    private <T> Future<T> applyAgreed(Function<Catalog, Future<Change<T>>> step, int attempt) {
        return replication.sync().compose(synced -> metadataOwner.call(() -> apply(step))).recover(failure -> {
            if (failure instanceof CatalogConflictException && attempt < MAX_CONFLICT_RETRIES) {
                return applyAgreed(step, attempt + 1);
            }
            if (failure instanceof CatalogConflictException) {
                return Future.failedFuture(ErrorCode.INTERNAL_FAILURE.exception(null));
            }
            return Future.failedFuture(failure);
        });
    }

    private <T> Future<T> apply(Function<Catalog, Future<Change<T>>> step) {
        Future<Change<T>> computed;
        try {
            computed = step.apply(snapshot);
        } catch (RuntimeException rejected) {
            return Future.failedFuture(rejected);
        }
        return computed.compose(change -> {
            if (change.catalog() == snapshot) {
                return Future.succeededFuture(change.value());
            }
            return replication.commit(snapshot, change.catalog()).map(committed -> change.value());
        });
    }

    /** The single node's way: the catalog file (unless in memory), then publish. */
    private final class LocalReplication implements CatalogReplication {
        @Override
        public Future<Void> sync() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> commit(Catalog current, Catalog next) {
            if (store == CatalogStore.NONE) {
                publish(next);
                return Future.succeededFuture();
            }
            JsonObject stored = CatalogCodec.encode(next);
            return worker.executeBlocking(() -> {
                store.save(stored);
                return null;
            }, false).transform(saved -> {
                if (saved.failed()) {
                    LOG.error("Storing the stream catalog failed; the change was not made: {}", saved.cause().toString());
                    return Future.failedFuture(ErrorCode.INTERNAL_FAILURE.exception(null));
                }
                publish(next);
                return Future.succeededFuture();
            });
        }

        @Override
        public boolean leads() {
            return true;
        }
    }

    /**
     * Whether this node makes the decisions one node makes for all, such as on-demand scaling: a
     * single node always; in cluster mode only the metadata group's leader.
     */
    public boolean leads() {
        return replication.leads();
    }

    /** The stored (and replicated) form of a catalog. */
    public static JsonObject encode(Catalog catalog) {
        return CatalogCodec.encode(catalog);
    }

    /**
     * Publishes a catalog agreed by the metadata group (cluster mode), exactly as it was encoded:
     * shards this node already has keep their handles, new ones open their logs (blocking: call it
     * off the event loops), and streams no longer there have their logs deleted. Completes with the
     * published catalog.
     */
    public Future<Catalog> adopt(JsonObject agreed) {
        CatalogCodec.Stored stored = CatalogCodec.decodeAsStored(agreed, arnOf(""), this::openHandle);
        Catalog next = Catalog.EMPTY.withCommitment(stored.commitment());
        for (StreamState stream : stored.streams()) {
            next = next.with(stream);
            lastCreatedMillis.accumulateAndGet(stream.createdMillis(), Math::max);
        }
        Catalog adopted = next;
        return metadataOwner.call(() -> {
            publish(adopted);
            return Future.succeededFuture(adopted);
        });
    }

    /**
     * Makes a stored catalog the one everybody reads, after telling its watcher (the meters); the
     * logs of streams it no longer has (deleted, or re-created under the same name) are deleted.
     */
    private void publish(Catalog next) {
        try {
            beforePublish.accept(next);
        } catch (RuntimeException e) {
            LOG.warn("A watcher of the stream catalog failed; the change is made all the same", e);
        }
        Catalog previous = snapshot;
        snapshot = next;
        for (StreamState gone : previous.streams().values()) {
            boolean kept = next.stream(gone.name()).filter(stream -> stream.createdMillis() == gone.createdMillis()).isPresent();
            if (!kept) {
                destroyShards(gone);
            }
        }
        for (StreamState stream : next.streams().values()) {
            for (ShardState shard : stream.shards()) {
                if (!shard.isOpen() && wasOpen(previous, stream, shard)) {
                    shard.handle().wakeAll();
                }
            }
        }
    }

    /** Whether the shard was open in {@code previous}: its readers are woken to find its end once it closes. */
    private static boolean wasOpen(Catalog previous, StreamState stream, ShardState shard) {
        return previous.stream(stream.name())
            .filter(before -> before.createdMillis() == stream.createdMillis())
            .flatMap(before -> before.shard(shard.id()))
            .map(ShardState::isOpen)
            .orElse(false);
    }

    /**
     * Splits and merges shards as {@code planner} decides: new shards' logs open on a worker, the
     * shards it closes are closed on their owners (which fixes their ending positions), and the new
     * shape of the stream is stored. The stream stays UPDATING for the update delay, if one is set.
     */
    public Future<StreamState> reshard(String streamName, Function<StreamState, ReshardPlan> planner) {
        return changeAsync(catalog -> {
            StreamState stream = catalog.stream(streamName).orElseThrow(() -> Messages.streamNotFound(streamName, config.accountId()));
            if (stream.status() != StreamStatus.ACTIVE) {
                throw Messages.streamNotActive(streamName, config.accountId(), stream.status());
            }
            ReshardPlan plan = planner.apply(stream);
            int added = plan.openCount() - stream.openShardCount();
            if (added > 0) {
                checkShardLimit(catalog, added);
            }
            long now = config.clock().millis();
            List<ReshardPlan.Planned> created = plan.shards().stream().filter(ReshardPlan.Planned::created).toList();
            Future<Map<ShardId, ShardHandle>> opened = worker.executeBlocking(() -> {
                Map<ShardId, ShardHandle> handles = new HashMap<>();
                for (ReshardPlan.Planned shard : created) {
                    handles.put(shard.id(), openHandle(stream.name(), stream.createdMillis(), shard.id()));
                }
                return handles;
            }, false);
            Map<ShardId, Long> endings = new ConcurrentHashMap<>();
            List<Future<Long>> seals = new ArrayList<>();
            for (ShardId closing : plan.closedExisting()) {
                seals.add(stream.shard(closing).orElseThrow().handle().seal().onSuccess(ending -> endings.put(closing, ending)));
            }
            return opened.compose(handles -> Future.all(seals).map(sealed -> {
                StreamState next = stream.withShards(materialize(stream, plan, handles, endings, now));
                if (!config.updateStreamDelay().isZero()) {
                    next = next.withStatus(StreamStatus.UPDATING);
                    StreamState updating = next;
                    metadataOwner.schedule(config.updateStreamDelay().toMillis(), () -> endDelay(updating));
                }
                return new Change<>(catalog.with(next), next);
            }));
        }).onSuccess(next -> next.shards().stream()
            .filter(shard -> !shard.isOpen())
            .forEach(shard -> shard.handle().wakeAll()));
    }

    /**
     * A reshard that counts against the stream's scaling allowance: at most ten a rolling day
     * (UpdateShardCount), LimitExceededException beyond.
     */
    public Future<StreamState> scale(String streamName, long streamCreatedMillis, Function<StreamState, ReshardPlan> planner) {
        long now = config.clock().millis();
        String key = streamName + "-" + streamCreatedMillis;
        synchronized (scalings) {
            java.util.Deque<Long> recent = scalings.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
            while (!recent.isEmpty() && now - recent.peekFirst() > java.time.Duration.ofDays(1).toMillis()) {
                recent.pollFirst();
            }
            if (recent.size() >= Limits.MAX_SCALINGS_PER_DAY) {
                throw ErrorCode.LIMIT_EXCEEDED.exception("Stream " + streamName + " under account " + config.accountId()
                    + " has already been scaled " + recent.size() + " times in the last 24 hours; the limit is "
                    + Limits.MAX_SCALINGS_PER_DAY + ".");
            }
        }
        return reshard(streamName, planner).onSuccess(scaled -> {
            synchronized (scalings) {
                scalings.computeIfAbsent(key, k -> new java.util.ArrayDeque<>()).addLast(now);
            }
        });
    }

    /** The stream's shards after a plan, with handles, epochs above their parents', and ending positions. */
    private static List<ShardState> materialize(StreamState stream, ReshardPlan plan, Map<ShardId, ShardHandle> handles,
                                                Map<ShardId, Long> endings, long now) {
        Map<ShardId, ShardState> result = new LinkedHashMap<>();
        for (ShardState shard : stream.shards()) {
            Long ending = endings.get(shard.id());
            result.put(shard.id(), ending == null ? shard : new ShardState(shard.id(), shard.hashKeyRange(), shard.epoch(),
                shard.parent(), shard.adjacentParent(), shard.createdMillis(), OptionalLong.of(ending), OptionalLong.of(now),
                shard.handle()));
        }
        for (ReshardPlan.Planned planned : plan.shards()) {
            if (!planned.created()) {
                continue;
            }
            long epoch = now;
            for (Optional<ShardId> parent : List.of(planned.parent(), planned.adjacentParent())) {
                if (parent.isPresent()) {
                    epoch = Math.max(epoch, result.get(parent.get()).epoch() + 1);
                }
            }
            result.put(planned.id(), new ShardState(planned.id(), planned.range(), epoch, planned.parent(), planned.adjacentParent(),
                now, planned.open() ? OptionalLong.empty() : OptionalLong.of(0), planned.open() ? OptionalLong.empty() : OptionalLong.of(now),
                handles.get(planned.id())));
        }
        return List.copyOf(result.values());
    }

    /** Checked before any shard log is opened, and again when the stream joins the catalog. */
    private void checkShardLimit(Catalog catalog, int requested) {
        int current = catalog.openProvisionedShards();
        if ((long) current + requested > config.shardLimit()) {
            throw Messages.shardLimitExceeded(config.accountId(), config.region(), current, config.shardLimit(), requested);
        }
    }

    private void checkAbsent(String name) {
        if (snapshot.stream(name).isPresent()) {
            throw Messages.streamExists(name, config.accountId());
        }
    }

    /** Applies {@code update} if the stream is still the one {@code expected} names, not a re-creation. */
    private Change<Void> updateIfSame(Catalog catalog, StreamState expected, UnaryOperator<StreamState> update) {
        Optional<StreamState> current = catalog.stream(expected.name())
            .filter(stream -> stream.createdMillis() == expected.createdMillis());
        return new Change<>(current.map(stream -> catalog.with(update.apply(stream))).orElse(catalog), null);
    }

    /**
     * A new stream's creation time: the clock's, but always later than the stream created before it.
     * Shard iterators, sequence numbers and delayed status changes tell a stream from an earlier one
     * of the same name by this time alone, so two creations must never share a millisecond.
     */
    private long nextCreatedMillis() {
        long now = config.clock().millis();
        return lastCreatedMillis.accumulateAndGet(now, (last, clock) -> Math.max(clock, last + 1));
    }


    private Change<StreamState> removeIfSame(Catalog catalog, StreamState expected) {
        Optional<StreamState> current = catalog.stream(expected.name())
            .filter(stream -> stream.createdMillis() == expected.createdMillis());
        return new Change<>(current.isPresent() ? catalog.without(expected.name()) : catalog, current.orElse(null));
    }

    private void destroyShards(StreamState stream) {
        for (ShardState shard : stream.shards()) {
            handles.remove(handleKey(stream.name(), stream.createdMillis(), shard.id()));
            shard.handle().destroy().onFailure(failure ->
                LOG.warn("Deleting the log of {} in stream {} failed: {}", shard.id(), stream.name(), failure.toString()));
        }
    }

    /** Opens the logs of a new stream's shards, each on the next owner in turn. Blocking. */
    private List<ShardState> newShards(String stream, long now, int count) {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(count);
        List<ShardState> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ShardId id = new ShardId(i);
            shards.add(new ShardState(id, ranges.get(i), now, Optional.empty(), Optional.empty(), now,
                OptionalLong.empty(), OptionalLong.empty(), openHandle(stream, now, id)));
        }
        return shards;
    }

    /** The shard's handle: the one already open, or a new one with its log opened (blocking). */
    private ShardHandle openHandle(String stream, long streamCreatedMillis, ShardId shard) {
        return handles.computeIfAbsent(handleKey(stream, streamCreatedMillis, shard), key -> newHandle(stream, streamCreatedMillis, shard));
    }

    private synchronized ShardHandle newHandle(String stream, long streamCreatedMillis, ShardId shard) {
        Owner owner = shardOwners.get(nextShardOwner);
        nextShardOwner = (nextShardOwner + 1) % shardOwners.size();
        return new ShardHandle(owner, logs.open(stream, streamCreatedMillis, shard), config.clock(), config.throughputLimits(),
            cluster.map(replicated -> replicated.shard(stream, streamCreatedMillis, shard)));
    }

    private static String handleKey(String stream, long streamCreatedMillis, ShardId shard) {
        return stream + "-" + streamCreatedMillis + "/" + shard;
    }
}
