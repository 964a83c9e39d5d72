package io.tributary.bench.client;

import io.tributary.bench.BenchConfig.HttpProtocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lean Kinesis client: a Vert.x {@code HttpClient} sending hand-built bodies with the headers the
 * AWS SDK sends ({@code X-Amz-Target}, the encoding's content type, a SigV4 {@code Authorization}
 * header and {@code X-Amz-Date}). Tributary requires the signature's parts but does not verify the
 * signature, so this client sends a fixed one instead of spending CPU on signing each request.
 *
 * <p>Concurrency: thread-safe. Requests run on the caller's context when it has one.
 */
public final class WireClient implements KinesisClient {
    private static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final String ACCESS_KEY = "AKIDTRIBUTARYBENCH";
    private static final String REGION = "us-east-1";
    /** A placeholder, shaped like a real signature: 64 hex digits. */
    private static final String SIGNATURE = "0123456789abcdef".repeat(4);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final long REQUEST_TIMEOUT_MS = 60_000;
    private static final int LIST_SHARDS_PAGES = 1000;

    private final HttpClientAgent http;
    private final WireCodec codec;
    private final String host;
    private final int port;
    private volatile SigningTime signingTime = SigningTime.at(0);

    /** X-Amz-Date and the Authorization header that names its day, recomputed once a second. */
    private record SigningTime(long epochSecond, String amzDate, String authorization) {
        static SigningTime at(long epochSecond) {
            String amzDate = AMZ_DATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
            String authorization = "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/" + amzDate.substring(0, 8) + "/" + REGION
                + "/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + SIGNATURE;
            return new SigningTime(epochSecond, amzDate, authorization);
        }
    }

    public WireClient(Vertx vertx, URI endpoint, WireCodec codec, HttpProtocol protocol, int connections) {
        this.codec = codec;
        this.host = endpoint.getHost();
        this.port = endpoint.getPort();
        HttpClientOptions options = new HttpClientOptions()
            .setTcpNoDelay(true)
            .setKeepAlive(true)
            .setMaxInitialLineLength(4096);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1);
        if (protocol == HttpProtocol.H2C) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                .setHttp2MultiplexingLimit(Math.max(1, connections));
            pool.setHttp2MaxSize(1);
        }
        this.http = vertx.createHttpClient(options, pool);
    }

    @Override
    public Future<Void> createStream(String stream, int shardCount) {
        return call("CreateStream", codec.createStream(stream, shardCount)).mapEmpty();
    }

    @Override
    public Future<String> streamStatus(String stream) {
        return call("DescribeStreamSummary", codec.streamName(stream))
            .map(body -> codec.tree(body).path("StreamDescriptionSummary").path("StreamStatus").asText());
    }

    @Override
    public Future<List<String>> shardIds(String stream) {
        return listShards(stream, Optional.empty(), new ArrayList<>(), LIST_SHARDS_PAGES);
    }

    private Future<List<String>> listShards(String stream, Optional<String> token, List<String> ids, int pagesLeft) {
        if (pagesLeft == 0) {
            return Future.failedFuture(new IllegalStateException("ListShards did not end within " + LIST_SHARDS_PAGES + " pages"));
        }
        return call("ListShards", codec.listShards(stream, token)).compose(body -> {
            var tree = codec.tree(body);
            tree.path("Shards").forEach(shard -> ids.add(shard.path("ShardId").asText()));
            String next = tree.path("NextToken").asText("");
            return next.isEmpty() ? Future.succeededFuture(ids) : listShards(stream, Optional.of(next), ids, pagesLeft - 1);
        });
    }

    @Override
    public Future<Placement> putRecord(String stream, OutgoingRecord record) {
        return call("PutRecord", codec.putRecord(stream, record)).map(codec::placement);
    }

    @Override
    public Future<List<Placement>> putRecords(String stream, List<OutgoingRecord> records) {
        return call("PutRecords", codec.putRecords(stream, records)).map(body -> codec.placements(body, records.size()));
    }

    @Override
    public Future<String> trimHorizonIterator(String stream, String shardId) {
        return call("GetShardIterator", codec.trimHorizonIterator(stream, shardId))
            .map(body -> codec.tree(body).path("ShardIterator").asText());
    }

    @Override
    public Future<RecordsPage> getRecords(String shardIterator, int limit) {
        return call("GetRecords", codec.getRecords(shardIterator, limit)).map(codec::recordsPage);
    }

    @Override
    public Future<Void> deleteStream(String stream) {
        return call("DeleteStream", codec.streamName(stream)).mapEmpty();
    }

    @Override
    public Future<Void> startStreamEncryption(String stream, String keyId) {
        return call("StartStreamEncryption", codec.startStreamEncryption(stream, keyId)).mapEmpty();
    }

    @Override
    public void close() {
        http.close().await();
    }

    private Future<byte[]> call(String operation, byte[] body) {
        return send(operation, body, codec.encoding().contentType())
            .compose(response -> response.body().compose(answer -> response.statusCode() == 200
                ? Future.succeededFuture(answer.getBytes())
                : Future.failedFuture(codec.error(response.statusCode(), answer.getBytes()))));
    }

    private Future<HttpClientResponse> send(String operation, byte[] body, String contentType) {
        SigningTime time = signingTime();
        RequestOptions request = new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setURI("/")
            .setIdleTimeout(REQUEST_TIMEOUT_MS)
            .putHeader("Content-Type", contentType)
            .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
            .putHeader("X-Amz-Date", time.amzDate())
            .putHeader("Authorization", time.authorization())
            .putHeader("User-Agent", "tributary-bench/0.1");
        return http.request(request).compose(outgoing -> outgoing.send(Buffer.buffer(body)));
    }

    private SigningTime signingTime() {
        long now = System.currentTimeMillis() / 1000;
        SigningTime current = signingTime;
        if (current.epochSecond() != now) {
            current = SigningTime.at(now);
            signingTime = current;
        }
        return current;
    }
}
