package io.tributary.bench.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The AWS SDK for Java v2 async Kinesis client with its Kinesis defaults: Netty, cleartext HTTP/2
 * with prior knowledge, CBOR unless {@code aws.cborEnabled=false} was set before it was built, real
 * SigV4 signing and the SDK's retries. For comparison with {@link WireClient}.
 *
 * <p>Concurrency: thread-safe. Results are handed back on the caller's Vert.x context.
 */
public final class SdkClient implements KinesisClient {
    private final KinesisAsyncClient kinesis;

    public SdkClient(URI endpoint, int maxConcurrency) {
        this.kinesis = KinesisAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARYBENCH", "bench")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConcurrency))
            .build();
    }

    @Override
    public Future<Void> createStream(String stream, int shardCount) {
        return adapt(kinesis.createStream(b -> b.streamName(stream).shardCount(shardCount))).mapEmpty();
    }

    @Override
    public Future<String> streamStatus(String stream) {
        return adapt(kinesis.describeStreamSummary(b -> b.streamName(stream)))
            .map(response -> response.streamDescriptionSummary().streamStatusAsString());
    }

    @Override
    public Future<List<String>> shardIds(String stream) {
        return adapt(listShards(stream, null, new ArrayList<>()));
    }

    /** Follows ListShards pages; the SDK takes a null token for the first page. */
    private CompletableFuture<List<String>> listShards(String stream, String token, List<String> ids) {
        CompletableFuture<ListShardsResponse> page = token == null
            ? kinesis.listShards(b -> b.streamName(stream))
            : kinesis.listShards(b -> b.nextToken(token));
        return page.thenCompose(response -> {
            response.shards().forEach(shard -> ids.add(shard.shardId()));
            return response.nextToken() == null
                ? CompletableFuture.completedFuture(ids)
                : listShards(stream, response.nextToken(), ids);
        });
    }

    @Override
    public Future<Placement> putRecord(String stream, OutgoingRecord record) {
        return adapt(kinesis.putRecord(b -> b.streamName(stream).partitionKey(record.partitionKey())
            .data(SdkBytes.fromByteArrayUnsafe(record.data()))))
            .map(response -> Placement.placed(response.shardId(), response.sequenceNumber()));
    }

    @Override
    public Future<List<Placement>> putRecords(String stream, List<OutgoingRecord> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(record.partitionKey())
                .data(SdkBytes.fromByteArrayUnsafe(record.data())).build());
        }
        return adapt(kinesis.putRecords(b -> b.streamName(stream).records(entries))).map(response -> {
            List<Placement> placements = new ArrayList<>(records.size());
            for (PutRecordsResultEntry entry : response.records()) {
                placements.add(entry.errorCode() == null
                    ? Placement.placed(entry.shardId(), entry.sequenceNumber())
                    : Placement.failed(entry.errorCode()));
            }
            return placements;
        });
    }

    @Override
    public Future<String> trimHorizonIterator(String stream, String shardId) {
        return adapt(kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
            .map(response -> response.shardIterator());
    }

    @Override
    public Future<RecordsPage> getRecords(String shardIterator, int limit) {
        return adapt(kinesis.getRecords(b -> b.shardIterator(shardIterator).limit(limit))).map(SdkClient::page);
    }

    @Override
    public Future<Void> deleteStream(String stream) {
        return adapt(kinesis.deleteStream(b -> b.streamName(stream))).mapEmpty();
    }

    @Override
    public Future<Void> startStreamEncryption(String stream, String keyId) {
        return adapt(kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType("KMS").keyId(keyId))).mapEmpty();
    }

    @Override
    public void close() {
        kinesis.close();
    }

    private static RecordsPage page(GetRecordsResponse response) {
        List<ReceivedRecord> records = new ArrayList<>(response.records().size());
        for (var record : response.records()) {
            records.add(new ReceivedRecord(record.partitionKey(), record.data().asByteArrayUnsafe(), record.sequenceNumber(),
                record.approximateArrivalTimestamp().toEpochMilli(), true));
        }
        return new RecordsPage(records, Optional.ofNullable(response.nextShardIterator()),
            response.millisBehindLatest() == null ? 0 : response.millisBehindLatest());
    }

    /** The SDK's future as a Vert.x future on the caller's context, with SDK errors as {@link KinesisCallException}. */
    private static <T> Future<T> adapt(CompletableFuture<T> call) {
        Context caller = Vertx.currentContext();
        CompletableFuture<T> mapped = call.handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof KinesisException kinesisError) {
                throw new KinesisCallException(kinesisError.statusCode(),
                    Objects.requireNonNullElse(kinesisError.awsErrorDetails().errorCode(), "HTTP" + kinesisError.statusCode()),
                    Objects.requireNonNullElse(kinesisError.awsErrorDetails().errorMessage(), ""));
            }
            throw new CompletionException(cause);
        });
        return caller == null ? Future.fromCompletionStage(mapped) : Future.fromCompletionStage(mapped, caller);
    }
}
