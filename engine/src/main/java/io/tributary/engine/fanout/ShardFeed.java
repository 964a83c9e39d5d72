package io.tributary.engine.fanout;

import io.tributary.engine.error.Messages;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.records.RecordService;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The push of one shard to one subscriber, as a Reactor pipeline: each event is one bounded read
 * from the shard, requested only when the subscriber wants more (so a subscriber that stops reading
 * holds at most one event); a subscriber that has caught up waits to be woken by an append, and gets
 * a heartbeat event if nothing arrives for a while; reads are paced to the push rate; the feed ends
 * with a final event at the end of a closed shard, or when its subscriber cancels. How long a feed may
 * live is its user's rule: {@link FanOut} ends SubscribeToShard subscriptions after five minutes,
 * {@link LiveTails} runs until the browser goes away.
 *
 * <p>The loop is {@code defer(next read).repeat()}: each read starts when the previous event is
 * taken, so at most one event waits for the subscriber. ({@code expandDeep} would keep every
 * event's ancestors on its stack for the life of the feed.)
 *
 * <p>Concurrency: the pipeline runs on the scheduler's context and on the contexts that shard reads
 * complete on, which are the subscriber's; build it there. Its position is confined to that context.
 */
public final class ShardFeed {
    private final Supplier<StreamState> stream;
    private final ShardId shardId;
    private final Settings settings;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Pacer pacer;

    /**
     * @param bytesPerSecond    push rate
     * @param heartbeat         longest silence: an empty event is sent after it
     * @param maxRecordsPerEvent at most this many records per event
     * @param maxBytesPerEvent  at most this many bytes per event, past the first record
     */
    public record Settings(long bytesPerSecond, Duration heartbeat, int maxRecordsPerEvent, long maxBytesPerEvent) {
        /** Kinesis's: 2 MiB/s, a heartbeat well inside the SDK's 10 s read timeout. */
        public static Settings kinesis() {
            return new Settings(Limits.FAN_OUT_BYTES_PER_SECOND, Duration.ofSeconds(3), Limits.MAX_GET_RECORDS_LIMIT, 1024 * 1024);
        }

        public Settings withBytesPerSecond(long rate) {
            return new Settings(rate, heartbeat, maxRecordsPerEvent, maxBytesPerEvent);
        }
    }

    private ShardFeed(Supplier<StreamState> stream, ShardId shardId, Settings settings, Scheduler scheduler, Clock clock) {
        this.stream = stream;
        this.shardId = shardId;
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        this.pacer = new Pacer(settings.bytesPerSecond(), scheduler);
    }

    /**
     * The events of a shard from {@code startPosition} on.
     *
     * @param stream the stream as the catalog knows it now; throws ResourceNotFoundException once it
     *               is gone, which ends the feed with that error
     */
    public static Flux<FeedEvent> events(Supplier<StreamState> stream, ShardId shardId, long startPosition, Settings settings,
                                         Scheduler scheduler, Clock clock) {
        ShardFeed feed = new ShardFeed(stream, shardId, settings, scheduler, clock);
        long[] next = {startPosition};
        return Mono.defer(() -> feed.next(next[0]))
            .doOnNext(event -> next[0] = event.nextPosition())
            .repeat()
            .takeUntil(FeedEvent::shardEnd);
    }

    private Mono<FeedEvent> next(long position) {
        return pacer.ready().then(Mono.defer(() -> read(position, true)));
    }

    private Mono<FeedEvent> read(long position, boolean mayWait) {
        StreamState current = stream.get();
        ShardState shard = shard(current);
        return Mono.fromCompletionStage(() -> shard.handle()
                .read(position, settings.maxRecordsPerEvent(), settings.maxBytesPerEvent(), current.retentionMillis())
                .toCompletionStage())
            .flatMap(batch -> afterRead(batch, mayWait));
    }

    private Mono<FeedEvent> afterRead(ReadBatch batch, boolean mayWait) {
        StreamState current = stream.get();
        ShardState shard = shard(current);
        if (!batch.records().isEmpty()) {
            FeedEvent event = new FeedEvent(shard, batch.records(), batch.nextPosition(), millisBehind(batch), List.of(), false);
            pacer.spent(event.bytes());
            return Mono.just(event);
        }
        if (shard.endingPosition().isPresent() && batch.nextPosition() >= shard.endingPosition().getAsLong()) {
            return Mono.just(new FeedEvent(shard, List.of(), batch.nextPosition(), 0, RecordService.childrenOf(current, shard), true));
        }
        FeedEvent heartbeat = new FeedEvent(shard, List.of(), batch.nextPosition(), 0, List.of(), false);
        if (!mayWait) {
            return Mono.just(heartbeat);
        }
        long next = batch.nextPosition();
        return Mono.firstWithSignal(
            shard.handle().readWhenReadable(next, settings.maxRecordsPerEvent(), settings.maxBytesPerEvent(), current.retentionMillis())
                .flatMap(woken -> afterRead(woken, false))
                .switchIfEmpty(Mono.defer(() -> read(next, false))),
            Mono.delay(settings.heartbeat(), scheduler).thenReturn(heartbeat));
    }

    private ShardState shard(StreamState current) {
        return current.shard(shardId)
            .orElseThrow(() -> Messages.shardDoesNotExist(shardId.toString(), current.name(), current.accountId()));
    }

    private long millisBehind(ReadBatch batch) {
        if (batch.caughtUp()) {
            return 0;
        }
        List<LogRecord> records = batch.records();
        return Math.max(0, clock.millis() - records.get(records.size() - 1).arrivalMillis());
    }
}
