package io.tributary.http.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A live tail seen from a real client: Vert.x's {@link WebSocketClient} connected to a test server's
 * {@code /v1/streams/{name}/tail}, collecting the JSON messages it receives, the pings, and how the
 * socket closed. Waits are bounded: each fails the test with what was seen if its condition does
 * not hold in time.
 *
 * <p>A client made with {@link #countingOnly} keeps, of each record, only its shard and sequence
 * number, so that a test may stream hundreds of megabytes through it. A {@link #slow} client reads
 * nothing until told to {@link #read}.
 */
public final class TailClient implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final WebSocketClient client;
    private final boolean keepRecords;
    private final Object lock = new Object();
    private final List<JsonObject> messages = new ArrayList<>();
    private final Map<String, String> lastSequenceByShard = new ConcurrentHashMap<>();
    private WebSocket socket;
    private long records;
    private long pings;
    private boolean closed;
    private short closeCode;
    private String closeReason;

    private TailClient(Vertx vertx, boolean keepRecords) {
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxMessageSize(MAX_MESSAGE_BYTES)
            .setMaxFrameSize(MAX_MESSAGE_BYTES));
        this.keepRecords = keepRecords;
    }

    /** Connects to {@code uri} (path and query) and collects every message. */
    public static TailClient connect(Vertx vertx, int port, String uri) {
        return new TailClient(vertx, true).open(port, uri, false);
    }

    /** Connects and keeps only counts and each shard's last sequence number of the records. */
    public static TailClient countingOnly(Vertx vertx, int port, String uri) {
        return new TailClient(vertx, false).open(port, uri, false);
    }

    /** Connects without reading: the socket stays paused, so the server's writes back up, until {@link #read}. */
    public static TailClient slow(Vertx vertx, int port, String uri) {
        return new TailClient(vertx, false).open(port, uri, true);
    }

    /**
     * Connects with the handlers installed before the connection opens, so that no early message, nor
     * a close the server sends at once (a bad request), is missed. A paused client pauses, then
     * listens, as the connection completes on its event loop, so it has read nothing when it returns.
     */
    private TailClient open(int port, String uri, boolean paused) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
        if (paused) {
            socket = done(client.connect(options).map(connected -> {
                connected.pause();
                listen(connected);
                return connected;
            }));
            return this;
        }
        io.vertx.core.http.ClientWebSocket webSocket = client.webSocket();
        listen(webSocket);
        socket = done(webSocket.connect(options));
        return this;
    }

    private void listen(WebSocket connected) {
        connected.frameHandler(frame -> {
            if (frame.isPing()) {
                synchronized (lock) {
                    pings++;
                    lock.notifyAll();
                }
            }
        });
        connected.textMessageHandler(this::onMessage);
        connected.closeHandler(ignored -> {
            synchronized (lock) {
                closed = true;
                closeCode = connected.closeStatusCode() == null ? -1 : connected.closeStatusCode();
                closeReason = connected.closeReason();
                lock.notifyAll();
            }
        });
    }

    private void onMessage(String text) {
        JsonObject message = new JsonObject(text);
        synchronized (lock) {
            if ("record".equals(message.getString("type"))) {
                records++;
                lastSequenceByShard.put(message.getString("shardId"), message.getString("sequenceNumber"));
                if (keepRecords) {
                    messages.add(message);
                }
            } else {
                messages.add(message);
            }
            lock.notifyAll();
        }
    }

    /** Lets a {@link #slow} client take {@code count} more messages from the socket. */
    public void read(long count) {
        socket.fetch(count);
    }

    /** Reads everything from now on. */
    public void readAll() {
        socket.resume();
    }

    public void send(String text) {
        done(socket.writeTextMessage(text));
    }

    public void sendBinary(byte[] data) {
        done(socket.writeBinaryMessage(Buffer.buffer(data)));
    }

    /** Waits for the first message of this type, and answers it. */
    public JsonObject awaitMessage(String type, Duration timeout) {
        await(client -> client.firstOfType(type) != null, timeout, "a " + type + " message");
        synchronized (lock) {
            return firstOfType(type);
        }
    }

    /** Waits until at least {@code count} records arrived, and answers the kept ones. */
    public List<JsonObject> awaitRecords(long count, Duration timeout) {
        await(client -> client.records >= count, timeout, count + " records");
        return records();
    }

    public void awaitPings(long count, Duration timeout) {
        await(client -> client.pings >= count, timeout, count + " pings");
    }

    /** Waits for the socket to close, and answers how. */
    public Closed awaitClose(Duration timeout) {
        await(client -> client.closed, timeout, "the socket to close");
        synchronized (lock) {
            return new Closed(closeCode, closeReason);
        }
    }

    /** How the server closed the socket. */
    public record Closed(short code, String reason) {
    }

    public List<JsonObject> records() {
        synchronized (lock) {
            return messages.stream().filter(message -> "record".equals(message.getString("type"))).toList();
        }
    }

    public List<JsonObject> messages() {
        synchronized (lock) {
            return List.copyOf(messages);
        }
    }

    public long recordCount() {
        synchronized (lock) {
            return records;
        }
    }

    public Map<String, String> lastSequenceByShard() {
        return Map.copyOf(lastSequenceByShard);
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private JsonObject firstOfType(String type) {
        return messages.stream().filter(message -> type.equals(message.getString("type"))).findFirst().orElse(null);
    }

    private void await(Predicate<TailClient> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError((closed ? "the socket closed" : "waited " + timeout.toSeconds() + " s")
                        + " before " + what + "; got " + records
                        + " records, messages " + summary() + (closed ? ", closed " + closeCode + " " + closeReason : ""));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    private String summary() {
        List<JsonObject> others = messages.stream().filter(message -> !"record".equals(message.getString("type"))).toList();
        return others.toString();
    }

    @Override
    public void close() {
        if (!isClosed()) {
            done(socket.close());
        }
        done(client.close());
    }

    private static <T> T done(Future<T> future) {
        try {
            return future.await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer from the server in 30 s", e);
        }
    }
}
