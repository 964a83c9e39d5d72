package io.tributary.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.log.InMemoryShardLog;
import io.tributary.engine.model.HashKeyRange;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.model.StreamStatus;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.shard.ShardHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StreamStateTest {
    private static final long CREATED = 1_700_000_000_000L;
    private static final long DAY = Duration.ofHours(24).toMillis();

    @Test
    void shouldStopListingAClosedShardOnceRetentionHasPassedSinceItClosed() {
        ShardHandle handle = new ShardHandle(new Owner("unused"), new InMemoryShardLog(), Clock.systemUTC(), false);
        HashKeyRange all = HashKeyRange.evenSplit(1).get(0);
        List<HashKeyRange> halves = HashKeyRange.evenSplit(2);
        long closed = CREATED + 1_000;
        ShardState parent = new ShardState(new ShardId(0), all, CREATED, Optional.empty(), Optional.empty(), CREATED,
            OptionalLong.of(10), OptionalLong.of(closed), handle);
        ShardState low = new ShardState(new ShardId(1), halves.get(0), CREATED + 1, Optional.of(new ShardId(0)), Optional.empty(),
            closed, OptionalLong.empty(), OptionalLong.empty(), handle);
        ShardState high = new ShardState(new ShardId(2), halves.get(1), CREATED + 1, Optional.of(new ShardId(0)), Optional.empty(),
            closed, OptionalLong.empty(), OptionalLong.empty(), handle);
        StreamState stream = new StreamState("s", "arn:aws:kinesis:us-east-1:000000000000:stream/s", StreamStatus.ACTIVE,
            StreamMode.PROVISIONED, CREATED, 24, 1024, new TreeMap<>(), List.of(parent, low, high));

        assertEquals(List.of(parent, low, high), stream.unexpiredShards(closed + DAY - 1));
        assertEquals(List.of(low, high), stream.unexpiredShards(closed + DAY));
        assertEquals(List.of(parent, low, high), stream.withRetentionHours(48).unexpiredShards(closed + DAY));
    }
}
