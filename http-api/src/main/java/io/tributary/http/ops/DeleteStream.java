package io.tributary.http.ops;

import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Deletes a stream and all its shards and data. A stream with registered consumers is deleted only
 * with {@code EnforceConsumerDeletion}; their subscriptions then end.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html">DeleteStream</a>
 */
public final class DeleteStream implements Operation {
    private final Api api;

    public DeleteStream(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        return api.engine().streams().delete(stream.name(), input.bool("EnforceConsumerDeletion"))
            .map(deleted -> {
                api.engine().fanOut().streamDeleted(stream);
                return Reply.EMPTY;
            });
    }
}
