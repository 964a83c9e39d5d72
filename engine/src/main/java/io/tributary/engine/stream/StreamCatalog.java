package io.tributary.engine.stream;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.Messages;
import io.tributary.engine.log.ShardLogFactory;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.shard.ShardHandle;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The stream metadata: an immutable {@link Catalog} snapshot that anyone may read at any time, and
 * the changes to it, which all run on one metadata {@link Owner} and swap the snapshot whole.
 *
 * <p>Concurrency: {@link #snapshot()} is safe from any thread. Every change goes through
 * {@link #change}, on the metadata owner's thread, so changes never interleave.
 */
public final class StreamCatalog {
    private final EngineConfig config;
    private final Owner metadataOwner;
    private final List<Owner> shardOwners;
    private final ShardLogFactory logs;
    private volatile Catalog snapshot = Catalog.EMPTY;
    private int nextShardOwner;

    public StreamCatalog(EngineConfig config, Owner metadataOwner, List<Owner> shardOwners, ShardLogFactory logs) {
        this.config = config;
        this.metadataOwner = metadataOwner;
        this.shardOwners = List.copyOf(shardOwners);
        this.logs = logs;
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

    public Future<StreamState> create(NewStream request) {
        return change(catalog -> {
            if (catalog.stream(request.name()).isPresent()) {
                throw Messages.streamExists(request.name(), config.accountId());
            }
            int current = catalog.openProvisionedShards();
            if ((long) current + request.shardCount() > config.shardLimit()) {
                throw Messages.shardLimitExceeded(config.accountId(), config.region(), current, config.shardLimit(),
                    request.shardCount());
            }
            long now = config.clock().millis();
            boolean delayed = !config.createStreamDelay().isZero();
            StreamState stream = new StreamState(request.name(), arnOf(request.name()),
                delayed ? StreamStatus.CREATING : StreamStatus.ACTIVE, request.mode(), now,
                Limits.DEFAULT_RETENTION_HOURS, request.maxRecordSizeKiB(), request.tags(),
                newShards(request.name(), now, request.shardCount()));
            if (delayed) {
                metadataOwner.schedule(config.createStreamDelay().toMillis(),
                    () -> change(later -> updateIfSame(later, stream, created -> created.withStatus(StreamStatus.ACTIVE))));
            }
            return new Change<>(catalog.with(stream), stream);
        });
    }

    public Future<Void> delete(String name) {
        return change(catalog -> {
            StreamState stream = catalog.stream(name).orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
            if (config.deleteStreamDelay().isZero()) {
                return new Change<Void>(catalog.without(name), null);
            }
            StreamState deleting = stream.withStatus(StreamStatus.DELETING);
            metadataOwner.schedule(config.deleteStreamDelay().toMillis(),
                () -> change(later -> removeIfSame(later, deleting)));
            return new Change<Void>(catalog.with(deleting), null);
        });
    }

    /** A new catalog and the value the change answers with. */
    public record Change<T>(Catalog catalog, T value) {
    }

    /**
     * Runs a change on the metadata owner: {@code step} reads the current catalog and returns the
     * next one, or throws to reject the change and leave the catalog as it was.
     */
    public <T> Future<T> change(Function<Catalog, Change<T>> step) {
        return metadataOwner.call(() -> {
            Change<T> change = step.apply(snapshot);
            snapshot = change.catalog();
            return Future.succeededFuture(change.value());
        });
    }

    /** Applies {@code update} if the stream is still the one {@code expected} names, not a re-creation. */
    private Change<Void> updateIfSame(Catalog catalog, StreamState expected, UnaryOperator<StreamState> update) {
        Optional<StreamState> current = catalog.stream(expected.name())
            .filter(stream -> stream.createdMillis() == expected.createdMillis());
        return new Change<>(current.map(stream -> catalog.with(update.apply(stream))).orElse(catalog), null);
    }

    private Change<Void> removeIfSame(Catalog catalog, StreamState expected) {
        boolean same = catalog.stream(expected.name())
            .filter(stream -> stream.createdMillis() == expected.createdMillis())
            .isPresent();
        return new Change<>(same ? catalog.without(expected.name()) : catalog, null);
    }

    private List<ShardState> newShards(String stream, long now, int count) {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(count);
        List<ShardState> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ShardId id = new ShardId(i);
            Owner owner = shardOwners.get(nextShardOwner);
            nextShardOwner = (nextShardOwner + 1) % shardOwners.size();
            ShardHandle handle = new ShardHandle(owner, logs.open(stream, now, id), config.clock());
            shards.add(new ShardState(id, ranges.get(i), now, Optional.empty(), Optional.empty(), now,
                OptionalLong.empty(), OptionalLong.empty(), handle));
        }
        return shards;
    }
}
