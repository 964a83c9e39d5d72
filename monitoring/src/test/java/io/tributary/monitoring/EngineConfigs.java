package io.tributary.monitoring;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.log.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Engine configurations for the monitoring tests: the server's defaults, in memory or on a directory. */
final class EngineConfigs {
    private static final byte[] SECRET = "tributary monitoring test secret".getBytes(StandardCharsets.UTF_8);

    private EngineConfigs() {
    }

    static EngineConfig inMemory() {
        return with(EngineConfig.Storage.inMemory());
    }

    /** Records kept on disk under {@code dataDirectory}, acknowledged after fsync. */
    static EngineConfig onDisk(Path dataDirectory) {
        return with(new EngineConfig.Storage(dataDirectory, Durability.FSYNC, EngineConfig.Storage.DEFAULT_SEGMENT_BYTES,
            EngineConfig.Storage.DEFAULT_FLUSH_INTERVAL, EngineConfig.Storage.DEFAULT_RETENTION_CHECK));
    }

    private static EngineConfig with(EngineConfig.Storage storage) {
        return EngineConfig.builder(SECRET).storage(storage).build();
    }
}
