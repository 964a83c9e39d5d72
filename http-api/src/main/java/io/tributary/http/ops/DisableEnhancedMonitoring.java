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
 * Turns off shard-level metrics for a stream ({@code ALL} for every one); their per-shard series
 * are removed from the server's metrics. The answer names the metrics enabled before and after the
 * call.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DisableEnhancedMonitoring.html">DisableEnhancedMonitoring</a>
 */
public final class DisableEnhancedMonitoring implements Operation {
    private final Api api;

    public DisableEnhancedMonitoring(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        StreamState stream = api.activeStream(input);
        Set<ShardLevelMetric> disabling = ShardLevelMetric.expand(input.strings("ShardLevelMetrics"));
        AtomicReference<Set<ShardLevelMetric>> before = new AtomicReference<>();
        return api.engine().streams().update(stream.name(), current -> {
            before.set(current.enhancedMetrics());
            EnumSet<ShardLevelMetric> after = EnumSet.noneOf(ShardLevelMetric.class);
            after.addAll(current.enhancedMetrics());
            after.removeAll(disabling);
            return current.withEnhancedMetrics(after);
        }).map(updated -> out -> OutputShapes.enhancedMonitoringOutput(out, updated, before.get(), updated.enhancedMetrics()));
    }
}
