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
import io.tributary.engine.shard.ShardHandle;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
 * <p>Concurrency: {@link #snapshot()} is safe from any thread. Every change goes through
 * {@link #change}, on the metadata owner's thread, so changes never interleave; saves run on a
 * worker, off the event loop.
 */
public final class StreamCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCatalog.class);

    private final EngineConfig config;
    private final Owner metadataOwner;
    private final List<Owner> shardOwners;
    private final ShardLogFactory logs;
    private final CatalogStore store;
    private final WorkerExecutor worker;
    /** Told of each new catalog, on the metadata owner's thread, just before it is published. */
    private final Consumer<Catalog> beforePublish;
    private volatile Catalog snapshot = Catalog.EMPTY;
    /** The last change in progress; touched only on the metadata owner's thread. */
    private Future<Void> previousChange = Future.succeededFuture();
    private int nextShardOwner;
    /** The newest stream's creation time, including streams read back from storage. */
    private final AtomicLong lastCreatedMillis = new AtomicLong(Long.MIN_VALUE);

    private StreamCatalog(EngineConfig config, Owner metadataOwner, List<Owner> shardOwners, ShardLogFactory logs,
                          CatalogStore store, WorkerExecutor worker, Consumer<Catalog> beforePublish) {
        this.config = config;
        this.metadataOwner = metadataOwner;
        this.shardOwners = List.copyOf(shardOwners);
        this.logs = logs;
        this.store = store;
        this.worker = worker;
        this.beforePublish = beforePublish;
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
        StreamCatalog catalog = new StreamCatalog(config, metadataOwner, shardOwners, logs, store, worker, beforePublish);
        String arnPrefix = catalog.arnOf("");
        return worker.executeBlocking(() -> store.load()
                .map(json -> CatalogCodec.decode(json, arnPrefix, catalog::openHandle))
                .orElse(List.of()), false)
            .compose(streams -> catalog.change(empty -> {
                Catalog loaded = Catalog.EMPTY;
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
        long now = nextCreatedMillis();
        return worker.executeBlocking(() -> newShards(request.name(), now, request.shardCount()), false)
            .compose(shards -> change(catalog -> {
                if (catalog.stream(request.name()).isPresent()) {
                    throw Messages.streamExists(request.name(), config.accountId());
                }
                int current = catalog.openProvisionedShards();
                if (current + request.shardCount() > config.shardLimit()) {
                    throw Messages.shardLimitExceeded(config.accountId(), config.region(), current, config.shardLimit(),
                        request.shardCount());
                }
                boolean delayed = !config.createStreamDelay().isZero();
                StreamState stream = new StreamState(request.name(), arnOf(request.name()),
                    delayed ? StreamStatus.CREATING : StreamStatus.ACTIVE, request.mode(), now,
                    Limits.DEFAULT_RETENTION_HOURS, request.maxRecordSizeKiB(), request.tags(), shards);
                if (delayed) {
                    metadataOwner.schedule(config.createStreamDelay().toMillis(),
                        () -> change(later -> updateIfSame(later, stream, StreamCatalog::activateIfCreating)));
                }
                return new Change<>(catalog.with(stream), stream);
            }).onFailure(rejected -> shards.forEach(shard -> shard.handle().destroy())));
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
            metadataOwner.schedule(config.deleteStreamDelay().toMillis(),
                () -> change(later -> removeIfSame(later, deleting)).onSuccess(StreamCatalog::destroyShards));
            return new Change<>(catalog.with(deleting), (StreamState) null);
        }).map(removed -> {
            if (removed != null) {
                destroyShards(removed);
            }
            return null;
        });
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
                metadataOwner.schedule(config.consumerDelay().toMillis(), () -> change(later -> updateIfSame(later, stream,
                    current -> replaceConsumer(current, consumer, consumer.withStatus(ConsumerState.ConsumerStatus.ACTIVE)))));
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
            metadataOwner.schedule(config.consumerDelay().toMillis(), () -> change(later -> updateIfSame(later, stream,
                current -> replaceConsumer(current, deleting, null))));
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
                closes.add(shard.handle().close());
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
        return metadataOwner.call(() -> {
            Future<T> result = previousChange.transform(previous -> apply(step));
            previousChange = result.transform(done -> Future.succeededFuture());
            return result;
        });
    }

    private <T> Future<T> apply(Function<Catalog, Change<T>> step) {
        Change<T> change;
        try {
            change = step.apply(snapshot);
        } catch (RuntimeException rejected) {
            return Future.failedFuture(rejected);
        }
        if (change.catalog() == snapshot) {
            return Future.succeededFuture(change.value());
        }
        JsonObject stored = CatalogCodec.encode(change.catalog());
        return worker.executeBlocking(() -> {
            store.save(stored);
            return change.value();
        }, false).transform(saved -> {
            if (saved.failed()) {
                LOG.error("Storing the stream catalog failed; the change was not made: {}", saved.cause().toString());
                return Future.failedFuture(ErrorCode.INTERNAL_FAILURE.exception(null));
            }
            try {
                beforePublish.accept(change.catalog());
            } catch (RuntimeException e) {
                LOG.warn("A watcher of the stream catalog failed; the change is made all the same", e);
            }
            snapshot = change.catalog();
            return Future.succeededFuture(saved.result());
        });
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

    /** Ends a stream's creation delay; one deleted meanwhile stays DELETING until its own delay ends. */
    private static StreamState activateIfCreating(StreamState stream) {
        return stream.status() == StreamStatus.CREATING ? stream.withStatus(StreamStatus.ACTIVE) : stream;
    }

    private Change<StreamState> removeIfSame(Catalog catalog, StreamState expected) {
        Optional<StreamState> current = catalog.stream(expected.name())
            .filter(stream -> stream.createdMillis() == expected.createdMillis());
        return new Change<>(current.isPresent() ? catalog.without(expected.name()) : catalog, current.orElse(null));
    }

    private static void destroyShards(StreamState stream) {
        if (stream == null) {
            return;
        }
        for (ShardState shard : stream.shards()) {
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

    private synchronized ShardHandle openHandle(String stream, long streamCreatedMillis, ShardId shard) {
        Owner owner = shardOwners.get(nextShardOwner);
        nextShardOwner = (nextShardOwner + 1) % shardOwners.size();
        return new ShardHandle(owner, logs.open(stream, streamCreatedMillis, shard), config.clock());
    }
}
