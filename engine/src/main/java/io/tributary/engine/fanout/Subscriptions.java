package io.tributary.engine.fanout;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Who is subscribed to what: at most one subscription per consumer and shard, and Kinesis's rules
 * for new calls: within five seconds of an active subscription's start, another gets
 * ResourceInUseException; within a second of the last call, LimitExceededException; after five
 * seconds, the new subscription takes over and the old one ends with ResourceInUseException.
 *
 * <p>Concurrency: thread-safe. An ended subscription learns of it on its own context.
 */
public final class Subscriptions {
    private record Key(String consumerArn, int shardIndex) {
    }

    /** The last call and the active subscription of one consumer on one shard. */
    private record Entry(long lastCallMillis, Registration active) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** One subscription's place in the registry; release it when the subscription ends. */
    public final class Registration {
        private final Key key;
        private final long startedMillis;
        private final Context context;
        private final Sinks.Empty<FeedEvent> ended = Sinks.empty();

        private Registration(Key key, long startedMillis, Context context) {
            this.key = key;
            this.startedMillis = startedMillis;
            this.context = context;
        }

        /** Fails when the subscription is ended from outside: taken over, or its consumer or stream is gone. */
        public Mono<FeedEvent> endedFromOutside() {
            return ended.asMono();
        }

        /** The subscription ended by itself: lets {@link #endedFromOutside()} complete. */
        public void finished() {
            ended.tryEmitEmpty();
        }

        public void release() {
            entries.computeIfPresent(key, (k, entry) -> entry.active() == this ? new Entry(entry.lastCallMillis(), null) : entry);
        }

        private void end(KinesisException reason) {
            if (context == null) {
                ended.tryEmitError(reason);
            } else {
                context.runOnContext(ignored -> ended.tryEmitError(reason));
            }
        }
    }

    /**
     * Registers a new subscription of {@code consumerArn} to {@code shard} at {@code nowMillis}, from
     * the current Vert.x context, or throws the error Kinesis answers with.
     */
    public Registration open(String consumerArn, ShardId shard, long nowMillis) {
        Key key = new Key(consumerArn, shard.index());
        Registration registration = new Registration(key, nowMillis, Vertx.currentContext());
        Registration[] replaced = new Registration[1];
        entries.compute(key, (k, entry) -> {
            if (entry != null) {
                Registration active = entry.active();
                if (active != null && nowMillis - active.startedMillis < Limits.SUBSCRIPTION_TAKEOVER_AFTER.toMillis()) {
                    throw ErrorCode.RESOURCE_IN_USE.exception("Another active subscription exists for consumer " + consumerArn
                        + " and shard " + shard + ".");
                }
                if (nowMillis - entry.lastCallMillis() < Limits.SUBSCRIBE_CALL_INTERVAL.toMillis()) {
                    throw ErrorCode.LIMIT_EXCEEDED.exception("Rate exceeded for consumer " + consumerArn + " and shard "
                        + shard + ". At most one SubscribeToShard call per second is allowed.");
                }
                replaced[0] = active;
            }
            return new Entry(nowMillis, registration);
        });
        if (replaced[0] != null) {
            replaced[0].end(ErrorCode.RESOURCE_IN_USE.exception("The subscription of consumer " + consumerArn + " to shard "
                + shard + " was taken over by a newer SubscribeToShard call."));
        }
        return registration;
    }

    /** An active subscription, as the console lists it. */
    public record Active(ShardId shard, long startedMillis) {
    }

    /** The consumer's subscriptions pushing now, by shard. */
    public List<Active> active(String consumerArn) {
        List<Active> active = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (key.consumerArn().equals(consumerArn) && entry.active() != null) {
                active.add(new Active(new ShardId(key.shardIndex()), entry.active().startedMillis));
            }
        });
        active.sort(java.util.Comparator.comparing(Active::shard));
        return active;
    }

    /** Ends every subscription of a consumer with {@code reason}: it was deregistered, or its stream deleted. */
    public void endAll(String consumerArn, KinesisException reason) {
        List<Registration> ended = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (key.consumerArn().equals(consumerArn) && entry.active() != null) {
                ended.add(entry.active());
            }
        });
        entries.keySet().removeIf(key -> key.consumerArn().equals(consumerArn));
        ended.forEach(registration -> registration.end(reason));
    }
}
