package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.api.WarmThroughput;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Keeps an on-demand stream scaled for {@code WarmThroughputMiBps} of writes: if its open shards
 * (1 MiB/s each) cannot take that much, it is resharded at once into as many equal shards as the
 * throughput needs (at most {@value Limits#MAX_SHARDS_PER_STREAM}), and the on-demand scaler never
 * shrinks it below them. A lower value releases capacity: the shards stay, and the scaler may later
 * shrink the stream down to the new value. The answer and DescribeStreamSummary show the asked
 * (target) and the present (current) throughput.
 *
 * <p>Checks, in Kinesis's order: the stream exists; it is on-demand and the account has a minimum
 * throughput billing commitment (InvalidArgumentException, as the model documents the operation
 * only for such streams and accounts); it is ACTIVE; the value is at most 10 GiB/s
 * (LimitExceededException).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html">UpdateStreamWarmThroughput</a>
 */
public final class UpdateStreamWarmThroughput implements Operation {
    private final Api api;

    public UpdateStreamWarmThroughput(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        int mibps = input.integer("WarmThroughputMiBps").orElseThrow();
        String account = api.config().accountId();
        if (stream.mode() != StreamMode.ON_DEMAND) {
            throw ErrorCode.INVALID_ARGUMENT.exception("UpdateStreamWarmThroughput is only supported for the data streams with"
                + " the on-demand capacity mode. Stream " + stream.name() + " under account " + account
                + " is in the provisioned capacity mode.");
        }
        WarmThroughput.checkCommitment(api);
        api.requireActive(stream);
        WarmThroughput.checkLimit(api, stream.name(), mibps);
        return WarmThroughput.preScale(api, stream, mibps)
            .compose(resharded -> api.engine().streams().update(stream.name(),
                current -> current.withOnDemand(current.onDemand().withWarmThroughput(mibps))))
            .map(updated -> out -> {
                out.string("StreamARN", updated.arn()).string("StreamName", updated.name());
                OutputShapes.warmThroughput(out, updated);
            });
    }
}
