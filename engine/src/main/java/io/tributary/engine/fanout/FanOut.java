package io.tributary.engine.fanout;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.error.Messages;
import io.tributary.engine.flow.ContextScheduler;
import io.tributary.engine.metrics.ConsumerMeters;
import io.tributary.engine.metrics.EngineMetrics;
import io.tributary.engine.metrics.StreamMeters;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.records.RecordService;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;

/**
 * Enhanced fan-out: registered consumers and their subscriptions to shards. Subscriptions record
 * their consumer's SubscribeToShard meters and the stream's count of active subscriptions.
 *
 * <p>Concurrency: thread-safe. {@link #subscribe} must be called on a Vert.x context: the
 * subscription's pipeline runs there.
 */
public final class FanOut {
    private static final String CONSUMER_MARKER = "/consumer/";

    private final StreamCatalog catalog;
    private final RecordService records;
    private final EngineConfig config;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ShardFeed.Settings settings;
    private final EngineMetrics metrics;

    public FanOut(StreamCatalog catalog, RecordService records, EngineConfig config, ShardFeed.Settings settings) {
        this(catalog, records, config, settings, EngineMetrics.none());
    }

    public FanOut(StreamCatalog catalog, RecordService records, EngineConfig config, ShardFeed.Settings settings,
                  EngineMetrics metrics) {
        this.catalog = catalog;
        this.records = records;
        this.config = config;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** A consumer with the stream it reads. */
    public record Target(StreamState stream, ConsumerState consumer) {
    }

    public Future<ConsumerState> register(StreamState stream, String consumerName) {
        return catalog.registerConsumer(stream.name(), consumerName);
    }

    /** Deregisters a consumer; its subscriptions end with ResourceNotFoundException. */
    public Future<ConsumerState> deregister(Target target) {
        return catalog.deregisterConsumer(target.stream().name(), target.consumer().arn())
            .onSuccess(gone -> subscriptions.endAll(gone.arn(), Messages.consumerNotFound(gone.arn())));
    }

    /** Ends the subscriptions of every consumer of a stream that is being deleted. */
    public void streamDeleted(StreamState stream) {
        for (ConsumerState consumer : stream.consumers()) {
            subscriptions.endAll(consumer.arn(), Messages.streamNotFound(stream.name(), config.accountId()));
        }
    }

    /** The consumer an ARN names, with its stream; ResourceNotFoundException if either is gone. */
    public Target consumer(String consumerArn) {
        int marker = consumerArn.indexOf(CONSUMER_MARKER);
        int colon = consumerArn.lastIndexOf(':');
        if (marker < 0 || colon < marker) {
            throw Messages.consumerNotFound(consumerArn);
        }
        String streamArn = consumerArn.substring(0, marker);
        String prefix = catalog.arnOf("");
        if (!streamArn.startsWith(prefix)) {
            throw Messages.consumerNotFound(consumerArn);
        }
        StreamState stream = catalog.snapshot().stream(streamArn.substring(prefix.length()))
            .orElseThrow(() -> Messages.consumerNotFound(consumerArn));
        ConsumerState consumer = stream.consumers().stream().filter(candidate -> candidate.arn().equals(consumerArn)).findFirst()
            .orElseThrow(() -> Messages.consumerNotFound(consumerArn));
        return new Target(stream, consumer);
    }

    /**
     * Starts a subscription of a consumer to a shard from a starting position. The events end after
     * the subscription lifetime, at the end of a closed shard, or with an error when the subscription
     * is taken over or its consumer or stream is removed. Nothing is read ahead of the subscriber's
     * demand beyond one event (the merge with the end signal prefetches one, not Reactor's default 32).
     */
    public Future<Flux<FeedEvent>> subscribe(String consumerArn, String shardText, ShardIteratorType type,
                                             Optional<String> sequenceNumber, OptionalLong timestampMillis) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("subscribe must be called on a Vert.x context");
        }
        Target target = consumer(consumerArn);
        if (target.consumer().status() != ConsumerState.ConsumerStatus.ACTIVE) {
            throw ErrorCode.RESOURCE_IN_USE.exception("Consumer " + consumerArn + " is not ACTIVE, instead in state "
                + target.consumer().status() + ".");
        }
        StreamState stream = target.stream();
        ShardState shard = records.requireShard(stream, shardText);
        StreamMeters streamMeters = metrics.stream(stream);
        ConsumerMeters consumerMeters = streamMeters.consumer(consumerArn);
        Subscriptions.Registration registration = open(consumerArn, shard, consumerMeters);
        String streamName = stream.name();
        long created = stream.createdMillis();
        ContextScheduler scheduler = new ContextScheduler(context);
        return records.startPosition(stream, shard, type, sequenceNumber, timestampMillis, "SubscribeToShard")
            .onFailure(failed -> registration.release())
            .onSuccess(start -> consumerMeters.subscribed())
            .map(start -> Flux.merge(1,
                    ShardFeed.events(() -> current(streamName, created), shard.id(), start, settings, scheduler, config.clock())
                        .take(Limits.SUBSCRIPTION_LIFETIME, scheduler)
                        .doOnNext(consumerMeters::pushed)
                        .doOnTerminate(registration::finished),
                    registration.endedFromOutside())
                .doOnSubscribe(subscription -> streamMeters.subscriptionStarted())
                .doFinally(signal -> {
                    registration.release();
                    streamMeters.subscriptionEnded();
                }));
    }

    /** The consumer's SubscribeToShard subscriptions pushing now, by shard. */
    public List<Subscriptions.Active> activeSubscriptions(String consumerArn) {
        return subscriptions.active(consumerArn);
    }

    /** Registers the subscription, counting the calls Kinesis's subscription rules refuse. */
    private Subscriptions.Registration open(String consumerArn, ShardState shard, ConsumerMeters meters) {
        try {
            return subscriptions.open(consumerArn, shard.id(), config.clock().millis());
        } catch (KinesisException refused) {
            if (refused.code() == ErrorCode.LIMIT_EXCEEDED || refused.code() == ErrorCode.RESOURCE_IN_USE) {
                meters.rateExceeded();
            }
            throw refused;
        }
    }

    private StreamState current(String name, long createdMillis) {
        return catalog.snapshot().stream(name)
            .filter(stream -> stream.createdMillis() == createdMillis)
            .orElseThrow(() -> Messages.streamNotFound(name, config.accountId()));
    }
}
