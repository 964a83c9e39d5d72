package io.tributary.http.ops;

import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Registers an enhanced fan-out consumer of a stream, which may then subscribe to its shards.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html">RegisterStreamConsumer</a>
 */
public final class RegisterStreamConsumer implements Operation {
    private final Api api;

    public RegisterStreamConsumer(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        return api.engine().fanOut().register(stream, input.requiredString("ConsumerName")).map(consumer -> out -> {
            out.startObject("Consumer");
            OutputShapes.consumer(out, consumer);
            out.endObject();
        });
    }
}
