package io.tributary.engine.records;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.error.Messages;
import io.tributary.engine.kms.KeyService;
import io.tributary.engine.kms.KmsAction;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.metrics.EngineMetrics;
import io.tributary.engine.metrics.StreamMeters;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.shard.ShardClosedException;
import io.tributary.engine.shard.ShardThrottledException;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamEncryption;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.token.ShardIterator;
import io.tributary.engine.token.TokenSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The data plane: putting records onto shards and reading them back through shard iterators. Each
 * call records the stream's meters (IncomingBytes, PutRecord.Latency, GetRecords.IteratorAgeMilliseconds, …).
 *
 * <p>Concurrency: thread-safe and stateless; shard state is reached only through each shard's
 * {@link io.tributary.engine.shard.ShardHandle}.
 */
public final class RecordService {
    /** A reshard stores the stream's new shape within milliseconds of closing its parents. */
    private static final int MAX_REROUTES = 5_000;
    private static final long REROUTE_WAIT_MILLIS = 1;

    private final StreamCatalog catalog;
    private final TokenSigner signer;
    private final EngineConfig config;
    private final EngineMetrics metrics;
    private final KeyService keys;

    public RecordService(StreamCatalog catalog, TokenSigner signer, EngineConfig config) {
        this(catalog, signer, config, EngineMetrics.none());
    }

    public RecordService(StreamCatalog catalog, TokenSigner signer, EngineConfig config, EngineMetrics metrics) {
        this(catalog, signer, config, metrics, KeyService.inMemory(config.region(), config.accountId()));
    }

    public RecordService(StreamCatalog catalog, TokenSigner signer, EngineConfig config, EngineMetrics metrics, KeyService keys) {
        this.catalog = catalog;
        this.signer = signer;
        this.config = config;
        this.metrics = metrics;
        this.keys = keys;
    }

    /**
     * Checks that the stream's key, if it is encrypted, can be used now by {@code principalArn}
     * (empty: authentication is off, no key policy applies) for {@code action}, as Kinesis asks KMS
     * before it writes or reads an encrypted stream's records.
     *
     * @throws io.tributary.engine.error.KinesisException KMSDisabledException, KMSInvalidStateException,
     *     KMSNotFoundException or KMSAccessDeniedException
     */
    public void checkStreamKey(StreamState stream, Optional<String> principalArn, KmsAction action) {
        stream.encryption().ifPresent(encryption -> keys.authorize(encryption.keyArn(), principalArn, action));
    }

    /** PutRecord by {@code principalArn}: the stream's key is checked first, then as {@link #putRecord(StreamState, PutEntry)}. */
    public Future<Placed> putRecord(StreamState stream, PutEntry entry, Optional<String> principalArn) {
        checkStreamKey(stream, principalArn, KmsAction.GENERATE_DATA_KEY);
        return putRecord(stream, entry);
    }

    /** PutRecords by {@code principalArn}: the stream's key is checked first, then as {@link #putRecords(StreamState, List)}. */
    public Future<List<Placed>> putRecords(StreamState stream, List<PutEntry> entries, Optional<String> principalArn) {
        checkStreamKey(stream, principalArn, KmsAction.GENERATE_DATA_KEY);
        return putRecords(stream, entries);
    }

    /** PutRecord: {@link #put} of one record, recorded as a PutRecord call. */
    public Future<Placed> putRecord(StreamState stream, PutEntry entry) {
        StreamMeters meters = metrics.stream(stream);
        long startNanos = System.nanoTime();
        return put(stream, List.of(entry)).map(placed -> placed.get(0)).onComplete(done -> {
            long nanos = System.nanoTime() - startNanos;
            if (done.succeeded()) {
                meters.putRecordSucceeded(nanos, entry.bytes());
            } else {
                meters.putRecordFailed(nanos);
            }
        });
    }

    /** PutRecords: {@link #put}, recorded as a PutRecords call. */
    public Future<List<Placed>> putRecords(StreamState stream, List<PutEntry> entries) {
        StreamMeters meters = metrics.stream(stream);
        long startNanos = System.nanoTime();
        return put(stream, entries).onComplete(done -> {
            long nanos = System.nanoTime() - startNanos;
            if (done.succeeded()) {
                long accepted = done.result().stream().filter(Placed::accepted).count();
                long bytes = 0;
                for (int i = 0; i < entries.size(); i++) {
                    bytes += done.result().get(i).accepted() ? entries.get(i).bytes() : 0;
                }
                meters.putRecordsSucceeded(nanos, (int) accepted, bytes);
                if (accepted < entries.size()) {
                    meters.putRecordsEntriesThrottled(entries.size() - (int) accepted);
                }
            } else {
                meters.putRecordsFailed(nanos);
            }
        });
    }

    /**
     * Routes each entry to the open shard that holds its hash key, appends each shard's group on its
     * owner, and completes with the placements in the order of {@code entries}; entries beyond a
     * shard's write throughput come back throttled, unwritten. Entries that reach a shard closed by
     * a reshard in progress are routed again once the stream's new shape is visible.
     */
    public Future<List<Placed>> put(StreamState stream, List<PutEntry> entries) {
        Placed[] placed = new Placed[entries.size()];
        List<Integer> all = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            all.add(i);
        }
        return place(stream, entries, all, placed, 0).map(done -> Arrays.asList(placed));
    }

    private Future<Void> place(StreamState stream, List<PutEntry> entries, List<Integer> indexes, Placed[] placed, int attempt) {
        Map<ShardState, List<Integer>> groups = new IdentityHashMap<>();
        for (int index : indexes) {
            groups.computeIfAbsent(stream.router().route(entries.get(index).hashKey()), shard -> new ArrayList<>()).add(index);
        }
        StreamMeters meters = metrics.stream(stream);
        List<Future<Void>> appends = new ArrayList<>(groups.size());
        groups.forEach((shard, group) -> {
            List<AppendEntry> batch = new ArrayList<>(group.size());
            for (int index : group) {
                PutEntry entry = entries.get(index);
                batch.add(new AppendEntry(entry.partitionKey(), entry.data(), entry.bytes()));
            }
            appends.add(shard.handle().append(batch, stream.encryption().map(StreamEncryption::keyArn)).<Void>map(result -> {
                long bytes = 0;
                for (int k = 0; k < group.size(); k++) {
                    if (k < result.accepted()) {
                        placed[group.get(k)] = new Placed(shard, result.firstPosition() + k);
                        bytes += entries.get(group.get(k)).bytes();
                    } else {
                        placed[group.get(k)] = Placed.throttled(shard);
                    }
                }
                meters.incoming(shard.id(), result.accepted(), bytes);
                if (result.accepted() < group.size()) {
                    meters.writeThrottled(shard.id(), group.size() - result.accepted());
                }
                return null;
            }).recover(failure -> {
                if (!(failure instanceof ShardClosedException) || attempt >= MAX_REROUTES) {
                    return Future.failedFuture(failure);
                }
                return Vertx.currentContext().owner().timer(REROUTE_WAIT_MILLIS)
                    .compose(waited -> place(latest(stream), entries, group, placed, attempt + 1));
            }));
        });
        return Future.all(appends).mapEmpty();
    }

    /** The stream as the catalog knows it now, if it is still the same stream. */
    private StreamState latest(StreamState stream) {
        return catalog.snapshot().stream(stream.name())
            .filter(current -> current.createdMillis() == stream.createdMillis())
            .orElseThrow(() -> Messages.streamNotFound(stream.name(), config.accountId()));
    }

    /** Issues a shard iterator for the given starting point (GetShardIterator). */
    public Future<String> shardIterator(StreamState stream, String shardText, ShardIteratorType type,
                                        Optional<String> startingSequenceNumber, OptionalLong timestampMillis) {
        ShardState shard = requireShard(stream, shardText);
        long now = config.clock().millis();
        return shard.handle().admitIterator()
            .recover(failure -> Future.failedFuture(throttled(failure, shard, stream.name())))
            .compose(admitted -> startPosition(stream, shard, type, startingSequenceNumber, timestampMillis, "GetShardIterator"))
            .map(start -> new ShardIterator(now, stream.name(), stream.createdMillis(), shard.id().index(), start).encode(signer));
    }

    /**
     * The log position a reader starting at the given point reads first: for GetShardIterator and
     * for SubscribeToShard's StartingPosition.
     *
     * @param operation the operation named in messages about bad sequence numbers
     */
    public Future<Long> startPosition(StreamState stream, ShardState shard, ShardIteratorType type,
                                      Optional<String> sequenceNumber, OptionalLong timestampMillis, String operation) {
        return switch (type) {
            case TRIM_HORIZON -> shard.handle().trimHorizon(stream.retentionMillis());
            case LATEST -> shard.handle().endPosition();
            case AT_SEQUENCE_NUMBER -> Future.succeededFuture(
                Math.max(0, sequencePosition(stream, shard, sequenceNumber.orElseThrow(), operation)));
            case AFTER_SEQUENCE_NUMBER -> Future.succeededFuture(
                sequencePosition(stream, shard, sequenceNumber.orElseThrow(), operation) + 1);
            case AT_TIMESTAMP -> shard.handle().positionAt(checkedTimestamp(timestampMillis.orElseThrow(), config.clock().millis()));
        };
    }

    /** The shard a request names, in Kinesis's forms ({@code shardId-000000000001}, {@code 1}). */
    public ShardState requireShard(StreamState stream, String shardText) {
        ShardId id = ShardId.parse(shardText)
            .orElseThrow(() -> Messages.couldNotFindShard(shardText, stream.name(), config.accountId()));
        return stream.shard(id)
            .orElseThrow(() -> Messages.shardDoesNotExist(id.toString(), stream.name(), config.accountId()));
    }

    /** Reads the next batch for a shard iterator (GetRecords), with authentication off. */
    public Future<RecordsRead> getRecords(String iteratorToken, int limit) {
        return getRecords(iteratorToken, limit, Optional.empty());
    }

    /**
     * Reads the next batch for a shard iterator (GetRecords) for {@code principalArn}; an encrypted
     * stream's key must let it decrypt.
     */
    public Future<RecordsRead> getRecords(String iteratorToken, int limit, Optional<String> principalArn) {
        long startNanos = System.nanoTime();
        long now = config.clock().millis();
        ShardIterator iterator = ShardIterator.decode(iteratorToken, signer, now);
        String shardText = new ShardId(iterator.shardIndex()).toString();
        StreamState stream = catalog.snapshot().stream(iterator.streamName())
            .filter(candidate -> candidate.createdMillis() == iterator.streamCreatedMillis())
            .orElseThrow(() -> Messages.shardDoesNotExist(shardText, iterator.streamName(), config.accountId()));
        ShardState shard = stream.shard(new ShardId(iterator.shardIndex()))
            .orElseThrow(() -> Messages.shardDoesNotExist(shardText, stream.name(), config.accountId()));
        checkStreamKey(stream, principalArn, KmsAction.DECRYPT);
        StreamMeters meters = metrics.stream(stream);
        return shard.handle()
            .readWithinQuota(iterator.position(), limit, Limits.MAX_GET_RECORDS_BYTES, stream.retentionMillis())
            .recover(failure -> Future.failedFuture(throttled(failure, shard, stream.name())))
            .map(batch -> {
                long shardEnd = shard.endingPosition().orElse(Long.MAX_VALUE);
                boolean atShardEnd = batch.nextPosition() >= shardEnd;
                Optional<String> next = atShardEnd ? Optional.empty() : Optional.of(new ShardIterator(
                    config.clock().millis(), stream.name(), stream.createdMillis(), iterator.shardIndex(),
                    batch.nextPosition()).encode(signer));
                return new RecordsRead(stream.name(), shard, batch.records(), next, millisBehind(batch.records(), batch.caughtUp(), now),
                    atShardEnd ? childrenOf(stream, shard) : List.of());
            })
            .onComplete(done -> {
                long nanos = System.nanoTime() - startNanos;
                if (done.succeeded()) {
                    meters.getRecordsSucceeded(shard.id(), nanos, done.result().records(), done.result().millisBehindLatest());
                } else {
                    meters.getRecordsFailed(nanos);
                    if (done.cause() instanceof KinesisException refused && refused.code() == ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED) {
                        meters.readThrottled(shard.id());
                    }
                }
            });
    }

    private long sequencePosition(StreamState stream, ShardState shard, String text, String operation) {
        SequenceNumber sequence = SequenceNumber.parse(text).orElseThrow(() -> ErrorCode.INVALID_ARGUMENT.exception(
            "StartingSequenceNumber " + text + " used in " + operation + " on shard " + shard.id() + " in stream "
                + stream.name() + " under account " + config.accountId() + " is invalid."));
        if (sequence.shardIndex() != shard.id().index()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid StartingSequenceNumber. It encodes "
                + new ShardId(sequence.shardIndex()) + ", while it was used in a call to a shard with " + shard.id());
        }
        if (sequence.shardEpoch() != shard.epoch()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("StartingSequenceNumber " + text + " used in " + operation + " on shard "
                + shard.id() + " in stream " + stream.name() + " under account " + config.accountId()
                + " is invalid because it did not come from this stream.");
        }
        return sequence.position();
    }

    private static long checkedTimestamp(long timestampMillis, long nowMillis) {
        if (timestampMillis > nowMillis) {
            throw ErrorCode.INVALID_ARGUMENT.exception("The timestampInMillis parameter cannot be greater than the"
                + " currentTimestampInMillis. timestampInMillis: " + timestampMillis + ", currentTimestampInMillis: "
                + nowMillis);
        }
        return timestampMillis;
    }

    private static long millisBehind(List<LogRecord> records, boolean caughtUp, long nowMillis) {
        if (caughtUp || records.isEmpty()) {
            return 0;
        }
        return Math.max(0, nowMillis - records.get(records.size() - 1).arrivalMillis());
    }

    /** ProvisionedThroughputExceededException for a shard over its throughput; other failures as they are. */
    private Throwable throttled(Throwable failure, ShardState shard, String streamName) {
        return failure instanceof ShardThrottledException ? Messages.rateExceeded(shard.id().toString(), streamName, config.accountId())
            : failure;
    }

    /** The shards a reader moves on to at the end of a closed shard. */
    public static List<ShardState> childrenOf(StreamState stream, ShardState parent) {
        return stream.shards().stream()
            .filter(shard -> shard.parent().equals(Optional.of(parent.id()))
                || shard.adjacentParent().equals(Optional.of(parent.id())))
            .toList();
    }
}
