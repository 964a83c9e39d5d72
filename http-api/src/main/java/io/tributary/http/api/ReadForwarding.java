package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.token.ShardIterator;
import io.tributary.http.protocol.Input;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of a shard this node holds no replica of, sent on to a node that holds one: in cluster mode
 * with a replication factor below the number of nodes, a shard's records are only on its group's
 * members. GetRecords, GetShardIterator and SubscribeToShard name their shard (by iterator, by
 * stream and shard, by consumer and shard); once this node has checked such a request as it checks
 * any (authentication, the input, the caller's policies), it sends the request as it came (headers,
 * signature and body) over HTTP/2 to a member, trying the next member when one cannot be reached,
 * and streams the member's answer back as it comes, event streams included. The member checks it
 * again and answers from its own replica, so what a client sees is what the member would have
 * answered. A request that came forwarded is never forwarded again. Writes need none of this: any
 * node proposes them to the shard's group.
 *
 * <p>Concurrency: thread-safe; one HTTP client shared by the event loops.
 */
public final class ReadForwarding {
    private static final Logger LOG = LoggerFactory.getLogger(ReadForwarding.class);
    /** Marks a request one node sent another, so that the second answers it itself. */
    static final String FORWARDED_HEADER = "x-tributary-forwarded";
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "proxy-connection",
        "transfer-encoding", "upgrade", "te", "content-length", "http2-settings");
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    /** Where a shard's reads go: its holders' HTTP addresses, empty when this node holds it. */
    @FunctionalInterface
    public interface Placement {
        List<String> readElsewhere(String streamName, long streamCreatedMillis, ShardId shard);
    }

    private final Api api;
    private final Placement placement;
    private final HttpClientAgent client;

    public ReadForwarding(Vertx vertx, Api api, Placement placement) {
        this.api = api;
        this.placement = placement;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setConnectTimeout(2_000),
            new PoolOptions().setHttp2MaxSize(4));
    }

    /** Whether {@code request} was sent on by another node. */
    static boolean forwarded(HttpServerRequest request) {
        return request.getHeader(FORWARDED_HEADER) != null;
    }

    /**
     * The nodes to send a checked request of {@code operation} to: empty unless it reads a shard this
     * node holds no replica of. A request naming what does not exist stays here, for its error.
     */
    List<String> holdersOf(String operation, Input input) {
        try {
            return switch (operation) {
                case "GetRecords" -> {
                    ShardIterator iterator = ShardIterator.decode(input.requiredString("ShardIterator"), api.engine().signer(),
                        api.config().clock().millis());
                    yield placement.readElsewhere(iterator.streamName(), iterator.streamCreatedMillis(),
                        new ShardId(iterator.shardIndex()));
                }
                case "GetShardIterator" -> holdersOf(api.readableStream(input), input.requiredString("ShardId"));
                case "SubscribeToShard" -> holdersOf(api.engine().fanOut().consumer(input.requiredString("ConsumerARN")).stream(),
                    input.requiredString("ShardId"));
                default -> List.of();
            };
        } catch (KinesisException | IllegalArgumentException invalid) {
            return List.of();
        }
    }

    private List<String> holdersOf(StreamState stream, String shardText) {
        Optional<ShardId> shard = ShardId.parse(shardText).filter(id -> stream.shard(id).isPresent());
        return shard.map(id -> placement.readElsewhere(stream.name(), stream.createdMillis(), id)).orElse(List.of());
    }

    /**
     * Sends {@code request} with {@code body} to the first of {@code holders} that answers and streams
     * its answer back; when none can be reached, fails with ServiceUnavailable, answered by the caller.
     */
    Future<Void> forward(HttpServerRequest request, Buffer body, List<String> holders) {
        return forward(request, body, holders, 0);
    }

    private Future<Void> forward(HttpServerRequest request, Buffer body, List<String> holders, int next) {
        if (next >= holders.size()) {
            return Future.failedFuture(ErrorCode.SERVICE_UNAVAILABLE.exception(
                "No node holding a replica of this shard could be reached; try again later."));
        }
        String holder = holders.get(next);
        int colon = holder.lastIndexOf(':');
        RequestOptions options = new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(holder.substring(0, colon))
            .setPort(Integer.parseInt(holder.substring(colon + 1)))
            .setURI(request.uri())
            .setHeaders(forwardedHeaders(request.headers()));
        return client.request(options)
            .compose(sent -> {
                if (request.authority() != null) {
                    sent.authority(request.authority());
                }
                return sent.send(body);
            })
            .transform(sent -> {
                if (sent.failed()) {
                    LOG.warn("Forwarding a read to {} failed, trying the next holder: {}", holder, sent.cause().toString());
                    return forward(request, body, holders, next + 1);
                }
                return relay(sent.result(), request.response(), request.version());
            });
    }

    private static MultiMap forwardedHeaders(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                copy.add(header.getKey(), header.getValue());
            }
        });
        copy.set(FORWARDED_HEADER, "1");
        return copy;
    }

    /**
     * The holder's answer, as it comes: status, headers, then the body (an event stream's frames as
     * they arrive, under backpressure). Fails, for the caller to answer, only while nothing is sent yet;
     * a stream that breaks later is reset, as the holder's own would be.
     */
    private static Future<Void> relay(HttpClientResponse answer, HttpServerResponse response, HttpVersion version) {
        String type = answer.getHeader("Content-Type");
        if (type == null || !type.startsWith(EVENT_STREAM)) {
            return answer.body().map(body -> {
                if (!response.closed()) {
                    head(answer, response);
                    response.end(body);
                }
                return null;
            });
        }
        if (response.closed()) {
            answer.request().reset();
            return Future.succeededFuture();
        }
        head(answer, response);
        if (version == HttpVersion.HTTP_1_1) {
            response.setChunked(true);
        }
        response.closeHandler(closed -> answer.request().reset());
        answer.pipeTo(response).onFailure(broken -> {
            LOG.debug("A forwarded event stream ended early: {}", broken.toString());
            answer.request().reset();
            response.reset();
        });
        return Future.succeededFuture();
    }

    private static void head(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode());
        answer.headers().forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                response.headers().set(header.getKey(), header.getValue());
            }
        });
    }
}
