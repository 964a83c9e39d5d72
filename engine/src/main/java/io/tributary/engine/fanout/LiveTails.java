package io.tributary.engine.fanout;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.error.Messages;
import io.tributary.engine.flow.ContextScheduler;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.records.RecordService;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Live tails: the records of one shard, or of every shard of a stream, pushed to someone watching
 * (a browser) without a registered consumer. Each shard is a {@link ShardFeed}, the same pipeline
 * as a SubscribeToShard subscription; a stream's tail merges its shards' feeds, asking each for at
 * most one event ahead, so memory stays bounded by the shard count. At the end of a closed shard
 * the tail follows its child shards from their start, each child once. A tail has no lifetime: it
 * runs until its subscriber cancels, or fails with ResourceNotFoundException once its stream is
 * deleted.
 *
 * <p>Concurrency: thread-safe. {@link #open} must be called on a Vert.x context: the tail's
 * pipeline runs there.
 */
public final class LiveTails {
    /** The operation named in messages about bad sequence numbers. */
    private static final String OPERATION = "a live tail";

    private final StreamCatalog catalog;
    private final RecordService records;
    private final EngineConfig config;
    private final ShardFeed.Settings settings;

    public LiveTails(StreamCatalog catalog, RecordService records, EngineConfig config, ShardFeed.Settings settings) {
        this.catalog = catalog;
        this.records = records;
        this.config = config;
        this.settings = settings;
    }

    /**
     * Where a tail starts, in GetShardIterator's terms.
     *
     * @param sequenceNumber  for AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER
     * @param timestampMillis for AT_TIMESTAMP
     */
    public record Start(ShardIteratorType type, Optional<String> sequenceNumber, OptionalLong timestampMillis) {
        public Start {
            if (type.needsSequenceNumber() && sequenceNumber.isEmpty()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("A start of type " + type + " needs a sequence number.");
            }
            if (type == ShardIteratorType.AT_TIMESTAMP && timestampMillis.isEmpty()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("A start of type AT_TIMESTAMP needs a timestamp.");
            }
        }

        public static Start of(ShardIteratorType type) {
            return new Start(type, Optional.empty(), OptionalLong.empty());
        }
    }

    /**
     * A tail whose start positions are resolved: records appended from now on are in its events.
     *
     * @param stream the stream as it was when the tail opened
     * @param shards the shards the tail starts on; it reaches their descendants by following them
     */
    public record Tail(StreamState stream, List<ShardState> shards, Flux<FeedEvent> events) {
    }

    /**
     * Opens a tail of one shard ({@code shardText}, in Kinesis's forms) or, when it is empty, of every
     * shard of the stream. A start at a sequence number without a shard tails the shard that the
     * sequence number names. Fails with Kinesis's errors for an unknown stream or shard and a bad
     * start; completes once every start position is resolved.
     */
    public Future<Tail> open(String streamName, Optional<String> shardText, Start start) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("open must be called on a Vert.x context");
        }
        StreamState stream;
        List<ShardState> first;
        List<Future<Long>> positions = new ArrayList<>();
        try {
            stream = catalog.require(streamName);
            first = startingShards(stream, shardText, start);
            for (ShardState shard : first) {
                positions.add(records.startPosition(stream, shard, start.type(), start.sequenceNumber(), start.timestampMillis(),
                    OPERATION));
            }
        } catch (KinesisException rejected) {
            return Future.failedFuture(rejected);
        }
        Supplier<StreamState> current = () -> current(stream.name(), stream.createdMillis());
        Follower follower = new Follower(current, new ContextScheduler(context));
        first.forEach(shard -> follower.started.add(shard.id()));
        return Future.all(positions).map(resolved -> {
            Flux<FeedEvent> events = Flux.range(0, first.size())
                .flatMap(i -> follower.follow(first.get(i), positions.get(i).result()), Integer.MAX_VALUE, 1);
            return new Tail(stream, first, events);
        });
    }

    /**
     * The shards a tail starts on. A named shard, or the shard a sequence number names; for a whole
     * stream, the oldest generation of shards that can hold records from the start on: the open
     * shards for LATEST, the shards still open at the timestamp for AT_TIMESTAMP, every shard whose
     * parents are gone for TRIM_HORIZON.
     */
    private List<ShardState> startingShards(StreamState stream, Optional<String> shardText, Start start) {
        if (shardText.isPresent()) {
            return List.of(records.requireShard(stream, shardText.get()));
        }
        if (start.type().needsSequenceNumber()) {
            String text = start.sequenceNumber().orElseThrow();
            SequenceNumber sequence = SequenceNumber.parse(text).orElseThrow(() -> ErrorCode.INVALID_ARGUMENT.exception(
                "Sequence number " + text + " used in " + OPERATION + " on stream " + stream.name() + " is invalid."));
            return List.of(records.requireShard(stream, new ShardId(sequence.shardIndex()).toString()));
        }
        List<ShardState> candidates = switch (start.type()) {
            case LATEST -> stream.shards().stream().filter(ShardState::isOpen).toList();
            case AT_TIMESTAMP -> {
                long timestamp = start.timestampMillis().orElseThrow();
                yield stream.shards().stream()
                    .filter(shard -> shard.closedMillis().isEmpty() || shard.closedMillis().getAsLong() > timestamp)
                    .toList();
            }
            default -> stream.shards();
        };
        return candidates.stream()
            .filter(shard -> !hasParentAmong(shard, candidates))
            .toList();
    }

    private static boolean hasParentAmong(ShardState shard, List<ShardState> shards) {
        return shards.stream().anyMatch(other -> shard.parent().equals(Optional.of(other.id()))
            || shard.adjacentParent().equals(Optional.of(other.id())));
    }

    private StreamState current(String name, long createdMillis) {
        return catalog.snapshot().stream(name)
            .filter(stream -> stream.createdMillis() == createdMillis)
            .orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
    }

    /** The feeds of one tail: each shard's, then its children's once it ends. */
    private final class Follower {
        private final Supplier<StreamState> current;
        private final Scheduler scheduler;
        /** Shards already tailed, so that a child of two merged parents is tailed once. */
        private final Set<ShardId> started = ConcurrentHashMap.newKeySet();

        Follower(Supplier<StreamState> current, Scheduler scheduler) {
            this.current = current;
            this.scheduler = scheduler;
        }

        Flux<FeedEvent> follow(ShardState shard, long startPosition) {
            return ShardFeed.events(current, shard.id(), startPosition, settings, scheduler, config.clock())
                .concatMap(event -> event.shardEnd() ? Flux.just(event).concatWith(children(event)) : Mono.just(event), 0);
        }

        private Flux<FeedEvent> children(FeedEvent end) {
            return Flux.fromIterable(end.childShards())
                .filter(child -> started.add(child.id()))
                .flatMap(child -> Mono.defer(() -> Mono.fromCompletionStage(
                        child.handle().trimHorizon(current.get().retentionMillis()).toCompletionStage()))
                    .flatMapMany(position -> follow(child, position)), Integer.MAX_VALUE, 1);
        }
    }
}
