package io.tributary.http.ops;

import io.tributary.engine.model.ShardLevelMetric;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns on shard-level metrics for a stream ({@code ALL} for every one). From then on the server
 * exports a {@code kinesis_shard_*} series per shard for each metric enabled, and DescribeStream
 * lists them. The answer names the metrics enabled before and after the call.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html">EnableEnhancedMonitoring</a>
 */
public final class EnableEnhancedMonitoring implements Operation {
    private final Api api;

    public EnableEnhancedMonitoring(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        Set<ShardLevelMetric> enabling = ShardLevelMetric.expand(input.strings("ShardLevelMetrics"));
        AtomicReference<Set<ShardLevelMetric>> before = new AtomicReference<>();
        return api.engine().streams().update(stream.name(), current -> {
            before.set(current.enhancedMetrics());
            EnumSet<ShardLevelMetric> after = EnumSet.noneOf(ShardLevelMetric.class);
            after.addAll(current.enhancedMetrics());
            after.addAll(enabling);
            return current.withEnhancedMetrics(after);
        }).map(updated -> out -> OutputShapes.enhancedMonitoringOutput(out, updated, before.get(), updated.enhancedMetrics()));
    }
}
