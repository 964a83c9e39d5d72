package io.tributary.engine.stream;

import io.tributary.engine.log.durable.DurableFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the stream metadata survives restarts: one JSON file, replaced whole. A save writes a new
 * file, forces it, renames it over the old one and forces the directory, so a crash at any moment
 * leaves either the old or the new catalog, never a mix. Blocking: run it off the event loops.
 */
public interface CatalogStore {

    /** The catalog saved last, if any. */
    Optional<JsonObject> load() throws IOException;

    void save(JsonObject catalog) throws IOException;

    /** For the memory durability mode: nothing is kept. */
    CatalogStore NONE = new CatalogStore() {
            @Override
            public Optional<JsonObject> load() {
                return Optional.empty();
            }

            @Override
            public void save(JsonObject catalog) {
            }
        };

    static CatalogStore file(Path file) {
        return new CatalogStore() {
            @Override
            public Optional<JsonObject> load() throws IOException {
                if (!Files.exists(file)) {
                    return Optional.empty();
                }
                return Optional.of(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
            }

            @Override
            public void save(JsonObject catalog) throws IOException {
                Files.createDirectories(file.toAbsolutePath().getParent());
                DurableFiles.replace(file, catalog.encodePrettily().getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
