package io.tributary.http.ops;

import io.tributary.engine.fanout.FanOut;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Describes a registered consumer, named by its ARN or by its stream's ARN and its name.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamConsumer.html">DescribeStreamConsumer</a>
 */
public final class DescribeStreamConsumer implements Operation {
    private final Api api;

    public DescribeStreamConsumer(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        FanOut.Target target = api.consumer(input);
        return Future.succeededFuture(out -> {
            out.startObject("ConsumerDescription");
            OutputShapes.consumer(out, target.consumer());
            out.string("StreamARN", target.stream().arn()).endObject();
        });
    }
}
