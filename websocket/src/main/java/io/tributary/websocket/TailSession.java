package io.tributary.websocket;

import io.tributary.engine.Engine;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.fanout.LiveTails;
import io.tributary.engine.stream.StreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's live tail on one WebSocket: opens the tail in the engine, announces it with a ready
 * message, pushes its records through a {@link SocketWriter}, answers pause and resume, pings the
 * socket on a timer, and closes it with a code and a reason when the tail cannot start, the client
 * breaks the protocol, the stream is deleted, or something fails. Nothing here touches another
 * socket, so a bad or slow client affects only itself.
 *
 * <p>Concurrency: not thread-safe. Everything runs on the socket's context: it is started there,
 * the tail's pipeline is built there, and the socket's handlers and the ping timer fire there.
 */
final class TailSession {
    private static final Logger LOG = LoggerFactory.getLogger(TailSession.class);

    private final Vertx vertx;
    private final Engine engine;
    private final ServerWebSocket socket;
    private final TailFrames frames = new TailFrames();
    private SocketWriter writer;
    private StreamState stream;
    private long pingTimer = -1;
    private boolean closing;
    /** A pause asked for before the tail started, applied when it does. */
    private boolean pausedBeforeStart;

    private TailSession(Vertx vertx, Engine engine, ServerWebSocket socket) {
        this.vertx = vertx;
        this.engine = engine;
        this.socket = socket;
    }

    /** Runs a tail on an accepted socket; call it on the socket's context. */
    static void start(Vertx vertx, Engine engine, TailSettings settings, ServerWebSocket socket, TailRequest request) {
        TailSession session = new TailSession(vertx, engine, socket);
        session.listen(settings);
        session.open(request);
    }

    /** Closes a socket with a reason: the full text in an error message, then the close frame. */
    static void closeWith(ServerWebSocket socket, CloseReason reason) {
        socket.writeTextMessage(TailFrames.error(reason));
        socket.close(reason.code(), reason.frameReason());
    }

    private void listen(TailSettings settings) {
        pingTimer = vertx.setPeriodic(settings.pingInterval().toMillis(), timer -> socket.writePing(Buffer.buffer()));
        socket.textMessageHandler(this::onClientMessage);
        socket.binaryMessageHandler(binary -> close(new CloseReason(CloseReason.UNSUPPORTED_DATA,
            "Binary messages are not accepted; send JSON text such as {\"type\":\"pause\"}.")));
        socket.closeHandler(closed -> stop());
        socket.exceptionHandler(failure -> {
            LOG.debug("Tail socket failed: {}", failure.toString());
            stop();
        });
    }

    private void open(TailRequest request) {
        engine.liveTails().open(request.stream(), request.shardId(), request.start())
            .onSuccess(tail -> run(tail, request))
            .onFailure(failure -> close(failure instanceof KinesisException rejected
                ? CloseReason.policyViolation(rejected.getMessage())
                : internalError(failure)));
    }

    private void run(LiveTails.Tail tail, TailRequest request) {
        if (closing) {
            return;
        }
        stream = tail.stream();
        socket.writeTextMessage(TailFrames.ready(tail, request));
        writer = new SocketWriter(socket, this::onTailEnded, this::onTailFailed);
        if (pausedBeforeStart) {
            writer.pause();
        }
        tail.events().flatMapIterable(frames::messages, 1).subscribe(writer);
    }

    private void onClientMessage(String text) {
        ClientMessage message;
        try {
            message = ClientMessage.parse(text);
        } catch (ClientMessage.Malformed malformed) {
            close(CloseReason.policyViolation("Malformed message: " + malformed.getMessage()));
            return;
        }
        if (closing) {
            return;
        }
        if (message == ClientMessage.PAUSE) {
            pausedBeforeStart = writer == null;
            if (writer != null) {
                writer.pause();
            }
            socket.writeTextMessage(TailFrames.paused());
        } else {
            pausedBeforeStart = false;
            socket.writeTextMessage(TailFrames.resumed());
            if (writer != null) {
                writer.resume();
            }
        }
    }

    private void onTailEnded() {
        close(CloseReason.normal("Every shard of the tail has ended."));
    }

    private void onTailFailed(Throwable failure) {
        if (streamIsGone()) {
            close(CloseReason.normal("Stream " + stream.name() + " was deleted."));
        } else if (failure instanceof KinesisException kinesis) {
            close(new CloseReason(CloseReason.INTERNAL_ERROR, kinesis.getMessage()));
        } else {
            close(internalError(failure));
        }
    }

    private boolean streamIsGone() {
        return engine.streams().snapshot().stream(stream.name())
            .filter(current -> current.createdMillis() == stream.createdMillis())
            .isEmpty();
    }

    private CloseReason internalError(Throwable failure) {
        LOG.warn("A live tail failed", failure);
        return new CloseReason(CloseReason.INTERNAL_ERROR, "The tail failed inside the server; see its log.");
    }

    private void close(CloseReason reason) {
        if (closing) {
            return;
        }
        stop();
        if (!socket.isClosed()) {
            closeWith(socket, reason);
        }
    }

    /** Ends the tail's pipeline and the ping timer; the socket is closing or closed. */
    private void stop() {
        closing = true;
        if (writer != null) {
            writer.dispose();
        }
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
    }
}
