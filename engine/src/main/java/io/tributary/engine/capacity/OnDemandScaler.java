package io.tributary.engine.capacity;

import io.tributary.engine.model.Limits;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.stream.ReshardPlan;
import io.tributary.engine.stream.ShardState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.shard.ShardHandle;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-demand streams reshard themselves. At every check, the write rate offered to a stream's open
 * shards since the last check (records and bytes, throttled or not) is compared with their
 * provisioned capacity (1 MiB/s and 1,000 records/s a shard):
 *
 * <ul>
 *   <li>above {@value #SCALE_UP_AT} of capacity at two checks in a row, the stream grows to about
 *       twice the shards the rate needs, at most double its current count;</li>
 *   <li>below {@value #SCALE_DOWN_BELOW} of capacity for {@value #QUIET_CHECKS_BEFORE_SCALING_DOWN}
 *       checks in a row, it shrinks by half, never under the four shards an on-demand stream starts with
 *       nor under the shards its warm throughput (UpdateStreamWarmThroughput) needs.</li>
 * </ul>
 *
 * Scaling is UpdateShardCount's uniform resharding; it does not count against the provisioned
 * streams' ten scalings a day.
 *
 * <p>In cluster mode only the metadata group's leader checks ({@link StreamCatalog#leads}), so two
 * nodes never reshard the same stream at once, and the rates it measures are the shards' groups'
 * (what every node took, not this node alone). A node that becomes the leader measures from its
 * first check on and decides from its second.
 *
 * <p>Concurrency: {@link #check} runs on the metadata owner's timer, one at a time; its counters
 * are touched only there.
 */
public final class OnDemandScaler {
    private static final Logger LOG = LoggerFactory.getLogger(OnDemandScaler.class);
    static final double SCALE_UP_AT = 0.8;
    static final double SCALE_DOWN_BELOW = 0.2;
    static final int QUIET_CHECKS_BEFORE_SCALING_DOWN = 6;
    /** The share of capacity a stream is sized for after scaling up. */
    private static final double TARGET_UTILISATION = 0.5;

    private final StreamCatalog catalog;
    private final Map<ShardHandle, long[]> lastWrites = new IdentityHashMap<>();
    private final Map<String, Integer> busyChecks = new HashMap<>();
    private final Map<String, Integer> quietChecks = new HashMap<>();
    private long lastCheckNanos = System.nanoTime();
    private boolean checking;
    /** Whether this node led at its last check: if not, the next check only takes the measures' baselines. */
    private boolean led = true;

    public OnDemandScaler(StreamCatalog catalog) {
        this.catalog = catalog;
    }

    /** Measures every on-demand stream's offered write rate and reshards the ones that need it. */
    public void check() {
        if (checking) {
            return;
        }
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastCheckNanos) / 1e9);
        lastCheckNanos = now;
        if (!catalog.leads()) {
            led = false;
            lastWrites.clear();
            busyChecks.clear();
            quietChecks.clear();
            return;
        }
        boolean decides = led;
        led = true;
        checking = true;
        List<Future<Void>> checks = new ArrayList<>();
        for (StreamState stream : catalog.snapshot().streams().values()) {
            if (stream.mode() == StreamMode.ON_DEMAND && stream.status() == StreamStatus.ACTIVE) {
                Future<Double> utilisation = measure(stream, seconds);
                checks.add(decides ? utilisation.compose(measured -> decide(stream, measured)) : utilisation.mapEmpty());
            }
        }
        Future.join(checks).onComplete(done -> checking = false);
    }

    /** The stream's offered write rate since the last check, as a share of its open shards' capacity. */
    private Future<Double> measure(StreamState stream, double seconds) {
        List<ShardState> open = stream.shards().stream().filter(ShardState::isOpen).toList();
        List<Future<long[]>> counts = new ArrayList<>();
        for (ShardState shard : open) {
            counts.add(shard.handle().attemptedWrites());
        }
        return Future.all(counts).map(all -> {
            double bytes = 0;
            double records = 0;
            for (int i = 0; i < open.size(); i++) {
                long[] current = all.resultAt(i);
                long[] previous = lastWrites.getOrDefault(open.get(i).handle(), new long[] {0, 0});
                lastWrites.put(open.get(i).handle(), current);
                bytes += current[0] - previous[0];
                records += current[1] - previous[1];
            }
            double byteShare = bytes / seconds / (open.size() * (double) Limits.SHARD_WRITE_BYTES_PER_SECOND);
            double recordShare = records / seconds / (open.size() * (double) Limits.SHARD_WRITE_RECORDS_PER_SECOND);
            return Math.max(byteShare, recordShare);
        });
    }

    /** The fewest shards a stream shrinks to: four, or what its warm throughput needs. */
    private static int floor(StreamState stream) {
        return Math.max(Limits.ON_DEMAND_INITIAL_SHARDS, stream.onDemand().warmShards());
    }

    private Future<Void> decide(StreamState stream, double utilisation) {
        int open = stream.openShardCount();
        int busy = utilisation > SCALE_UP_AT ? busyChecks.merge(stream.name(), 1, Integer::sum) : reset(busyChecks, stream);
        int quiet = utilisation < SCALE_DOWN_BELOW ? quietChecks.merge(stream.name(), 1, Integer::sum) : reset(quietChecks, stream);
        int target = open;
        if (busy >= 2) {
            target = Math.min(Math.min(2 * open, Limits.MAX_SHARDS_PER_STREAM),
                Math.max(open + 1, (int) Math.ceil(open * utilisation / TARGET_UTILISATION)));
        } else if (quiet >= QUIET_CHECKS_BEFORE_SCALING_DOWN && open > floor(stream)) {
            target = Math.max(floor(stream), (open + 1) / 2);
        }
        if (target == open) {
            return Future.succeededFuture();
        }
        reset(busyChecks, stream);
        reset(quietChecks, stream);
        int goal = target;
        LOG.info("On-demand stream {} at {}% of capacity: resharding from {} to {} shards", stream.name(),
            Math.round(utilisation * 100), open, goal);
        return catalog.reshard(stream.name(), current -> {
            ReshardPlan plan = new ReshardPlan(current, current.accountId());
            plan.uniform(goal);
            return plan;
        }).<Void>mapEmpty().otherwise(failure -> {
            LOG.warn("On-demand resharding of {} failed: {}", stream.name(), failure.toString());
            return null;
        });
    }

    private static int reset(Map<String, Integer> counts, StreamState stream) {
        counts.remove(stream.name());
        return 0;
    }
}
