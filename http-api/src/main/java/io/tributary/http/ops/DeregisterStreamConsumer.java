package io.tributary.http.ops;

import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Deregisters a consumer; its subscriptions end.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeregisterStreamConsumer.html">DeregisterStreamConsumer</a>
 */
public final class DeregisterStreamConsumer implements Operation {
    private final Api api;

    public DeregisterStreamConsumer(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        return api.engine().fanOut().deregister(api.consumer(input)).map(gone -> Reply.EMPTY);
    }
}
