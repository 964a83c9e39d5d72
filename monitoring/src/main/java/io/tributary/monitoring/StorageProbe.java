package io.tributary.monitoring;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.log.Durability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether the data directory takes writes: a small file is written, forced to disk and deleted, on a
 * worker thread. In memory mode there is nothing to write and the probe always passes.
 *
 * <p>Concurrency: thread-safe; each check uses its own file.
 */
final class StorageProbe {
    private static final byte[] CONTENT = "tributary readiness probe\n".getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final EngineConfig.Storage storage;

    StorageProbe(Vertx vertx, EngineConfig.Storage storage) {
        this.vertx = vertx;
        this.storage = storage;
    }

    /** Succeeds if a file could be written and forced; fails with the I/O error otherwise. */
    Future<Void> check() {
        if (storage.durability() == Durability.MEMORY) {
            return Future.succeededFuture();
        }
        Path directory = storage.dataDirectory();
        return vertx.executeBlocking(() -> {
            Path probe = Files.createTempFile(directory, ".ready-", ".probe");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(CONTENT));
                channel.force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
            return null;
        }, false);
    }
}
