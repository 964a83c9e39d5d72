package io.tributary.engine;

import io.tributary.engine.model.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Engine configurations for tests: the server's defaults, with the clock and the setting under test swapped in. */
public final class TestConfigs {
    public static final String ACCOUNT = EngineConfig.DEFAULT_ACCOUNT_ID;
    public static final byte[] SECRET = "tributary test token secret".getBytes(StandardCharsets.UTF_8);

    private TestConfigs() {
    }

    public static EngineConfig config(Clock clock) {
        return config(clock, Duration.ZERO, Duration.ZERO, Limits.DEFAULT_SHARD_LIMIT);
    }

    public static EngineConfig withShardLimit(Clock clock, int shardLimit) {
        return config(clock, Duration.ZERO, Duration.ZERO, shardLimit);
    }

    public static EngineConfig withDelays(Clock clock, Duration createStreamDelay, Duration deleteStreamDelay) {
        return config(clock, createStreamDelay, deleteStreamDelay, Limits.DEFAULT_SHARD_LIMIT);
    }

    private static EngineConfig config(Clock clock, Duration createStreamDelay, Duration deleteStreamDelay, int shardLimit) {
        return EngineConfig.builder(SECRET)
            .clock(clock)
            .createStreamDelay(createStreamDelay)
            .deleteStreamDelay(deleteStreamDelay)
            .shardLimit(shardLimit)
            .build();
    }
}
