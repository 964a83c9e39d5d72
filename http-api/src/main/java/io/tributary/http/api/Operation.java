package io.tributary.http.api;

import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * One Kinesis operation. The dispatcher has already checked the input against the service model;
 * an operation reads as four steps: decode the members it needs, check the rules the model cannot
 * state, call the engine, map the result to the reply. Failures are
 * {@link io.tributary.engine.error.KinesisException}s, thrown or in the returned future.
 */
@FunctionalInterface
public interface Operation {
    Future<Reply> handle(Input input);
}
