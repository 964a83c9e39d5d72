package io.tributary.http.ops;

import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Describes a stream without its shards.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html">DescribeStreamSummary</a>
 */
public final class DescribeStreamSummary implements Operation {
    private final Api api;

    public DescribeStreamSummary(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.stream(input);
        return Future.succeededFuture(out -> {
            out.startObject("StreamDescriptionSummary")
                .string("StreamName", stream.name())
                .string("StreamARN", stream.arn())
                .string("StreamStatus", stream.status().name());
            OutputShapes.streamMode(out, stream);
            out.number("RetentionPeriodHours", stream.retentionHours())
                .timestamp("StreamCreationTimestamp", stream.createdMillis());
            OutputShapes.enhancedMonitoring(out, stream);
            OutputShapes.encryption(out, stream);
            out.number("OpenShardCount", stream.openShardCount())
                .number("ConsumerCount", stream.consumers().size())
                .number("MaxRecordSizeInKiB", stream.maxRecordSizeKiB());
            if (stream.mode() == StreamMode.ON_DEMAND) {
                OutputShapes.warmThroughput(out, stream);
                out.string("RecordDistributionStrategy", stream.onDemand().distribution().name());
            }
            out.endObject();
        });
    }
}
