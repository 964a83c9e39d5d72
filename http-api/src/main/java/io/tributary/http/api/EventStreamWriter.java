package io.tributary.http.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Writes an event stream's frames to an HTTP response with the Vert.x pipe rule: write a frame; if
 * the response's write queue is full (the client or its HTTP/2 window is slow), ask for no more
 * until the drain handler fires. A slow client slows only its own stream, and at most one frame
 * waits in memory beyond the write queue.
 *
 * <p>Concurrency: frames arrive on the response's context; the response's close and exception
 * handlers cancel the stream from the same context.
 */
final class EventStreamWriter extends BaseSubscriber<Buffer> {
    private final HttpServerResponse response;
    private final Function<Throwable, Buffer> errorFrame;

    EventStreamWriter(HttpServerResponse response, Function<Throwable, Buffer> errorFrame) {
        this.response = response;
        this.errorFrame = errorFrame;
        response.closeHandler(closed -> dispose());
        response.exceptionHandler(failed -> dispose());
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(1);
    }

    @Override
    protected void hookOnNext(Buffer frame) {
        if (response.closed()) {
            dispose();
            return;
        }
        response.write(frame);
        if (response.writeQueueFull()) {
            response.drainHandler(drained -> request(1));
        } else {
            request(1);
        }
    }

    @Override
    protected void hookOnComplete() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    @Override
    protected void hookOnError(Throwable failure) {
        if (!response.ended() && !response.closed()) {
            response.end(errorFrame.apply(failure));
        }
    }
}
