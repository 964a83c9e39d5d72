package io.tributary.http.ops;

import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Switches a stream between provisioned and on-demand capacity. Its shards stay as they are; an
 * on-demand stream then reshards itself as its write rate asks.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html">UpdateStreamMode</a>
 */
public final class UpdateStreamMode implements Operation {
    private final Api api;

    public UpdateStreamMode(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        StreamMode mode = StreamMode.valueOf(input.structure("StreamModeDetails").orElseThrow().requiredString("StreamMode"));
        return api.engine().streams().update(stream.name(), current -> current.withMode(mode)).map(updated -> Reply.EMPTY);
    }
}
