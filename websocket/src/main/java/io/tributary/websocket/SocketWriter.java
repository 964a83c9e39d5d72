package io.tributary.websocket;

import io.vertx.core.http.ServerWebSocket;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Writes a tail's messages to its WebSocket with the Vert.x pipe rule: ask for one message, write
 * it; if the socket's write queue is full (the browser reads slowly), ask for the next only when the
 * drain handler fires. A slow browser slows only its own tail, and at most one message waits
 * outside the write queue.
 *
 * <p>The client may also pause the tail: then no more is asked for, and a message already on its way
 * is held (at most one) until it resumes. After {@link #pause()} returns, nothing is written until
 * {@link #resume()}.
 *
 * <p>Concurrency: not thread-safe. Messages, pause, resume and the drain handler all arrive on the
 * socket's context.
 */
final class SocketWriter extends BaseSubscriber<String> {
    private final ServerWebSocket socket;
    private final Runnable completed;
    private final Consumer<Throwable> failed;
    private boolean paused;
    /** A message that arrived after a pause, written at resume. */
    private String held;
    /** The next message was not asked for because the tail was paused. */
    private boolean owed;

    SocketWriter(ServerWebSocket socket, Runnable completed, Consumer<Throwable> failed) {
        this.socket = socket;
        this.completed = completed;
        this.failed = failed;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        if (held != null) {
            String message = held;
            held = null;
            write(message);
        } else if (owed) {
            owed = false;
            request(1);
        }
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(1);
    }

    @Override
    protected void hookOnNext(String message) {
        if (socket.isClosed()) {
            dispose();
        } else if (paused) {
            held = message;
        } else {
            write(message);
        }
    }

    @Override
    protected void hookOnComplete() {
        completed.run();
    }

    @Override
    protected void hookOnError(Throwable failure) {
        failed.accept(failure);
    }

    private void write(String message) {
        socket.writeTextMessage(message);
        if (socket.writeQueueFull()) {
            socket.drainHandler(drained -> {
                socket.drainHandler(null);
                askForMore();
            });
        } else {
            askForMore();
        }
    }

    private void askForMore() {
        if (paused) {
            owed = true;
        } else {
            request(1);
        }
    }
}
