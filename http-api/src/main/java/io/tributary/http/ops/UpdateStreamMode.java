package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.WarmThroughput;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.OptionalInt;

/**
 * Switches a stream between provisioned and on-demand capacity. Its shards stay as they are; an
 * on-demand stream then reshards itself as its write rate asks. {@code WarmThroughputMiBps}, only
 * when switching to on-demand, sets its warm throughput and pre-scales it as
 * UpdateStreamWarmThroughput does; a stream that turns provisioned forgets its on-demand settings.
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
        OptionalInt warm = input.integer("WarmThroughputMiBps");
        if (warm.isEmpty()) {
            return api.engine().streams().update(stream.name(), current -> current.withMode(mode)).map(updated -> Reply.EMPTY);
        }
        if (mode != StreamMode.ON_DEMAND) {
            throw ErrorCode.INVALID_ARGUMENT.exception("WarmThroughputMiBps can only be specified when switching a stream to"
                + " ON_DEMAND mode.");
        }
        WarmThroughput.checkCommitment(api);
        WarmThroughput.checkLimit(api, stream.name(), warm.getAsInt());
        return api.engine().streams()
            .update(stream.name(), current -> current.withMode(mode)
                .withOnDemand(current.onDemand().withWarmThroughput(warm.getAsInt())))
            .compose(onDemand -> WarmThroughput.preScale(api, onDemand, warm.getAsInt()))
            .map(updated -> Reply.EMPTY);
    }
}
