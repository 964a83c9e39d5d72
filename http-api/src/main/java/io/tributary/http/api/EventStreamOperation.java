package io.tributary.http.api;

import io.tributary.http.protocol.Input;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import reactor.core.publisher.Flux;

/**
 * An operation that answers with an event stream (SubscribeToShard): failures before the stream
 * begins are ordinary errors; after that, the stream's messages are encoded frames, sent as the
 * client takes them.
 */
public interface EventStreamOperation extends Operation {

    /** The frames of the stream, the first of which is the initial response. */
    Future<Flux<Buffer>> open(Input input);

    /** The frame that ends the stream after a failure. */
    Buffer errorFrame(Throwable failure);
}
