package io.tributary.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog file is replaced whole: a save writes {@code catalog.json.next} and renames it over
 * {@code catalog.json}, so a crash leaves the old catalog or the new one, and a leftover
 * {@code .next} file is never read.
 */
class CatalogStoreTest {
    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("catalog.json");
    }

    private Path leftover() {
        return directory.resolve("catalog.json.next");
    }

    @Test
    void shouldLoadNothingBeforeTheFirstSave() throws IOException {
        assertEquals(Optional.empty(), CatalogStore.file(file()).load());
    }

    @Test
    void shouldLoadExactlyWhatWasSaved() throws IOException {
        JsonObject catalog = twoStreams();

        CatalogStore.file(file()).save(catalog);

        assertEquals(Optional.of(catalog), CatalogStore.file(file()).load());
        assertFalse(Files.exists(leftover()), "the new file was renamed into place");
    }

    @Test
    void shouldReplaceTheWholeCatalogOnSave() throws IOException {
        CatalogStore store = CatalogStore.file(file());
        store.save(twoStreams());
        JsonObject smaller = new JsonObject().put("version", 2).put("streams", new JsonArray());

        store.save(smaller);

        assertEquals(Optional.of(smaller), store.load());
        assertEquals(smaller, new JsonObject(Files.readString(file(), StandardCharsets.UTF_8)), "no bytes of the old file remain");
    }

    @Test
    void shouldIgnoreANextFileLeftByACrashDuringASave() throws IOException {
        CatalogStore store = CatalogStore.file(file());
        store.save(twoStreams());
        Files.writeString(leftover(), "{\"version\": 3, \"streams\": [{\"name\": \"half-wri", StandardCharsets.UTF_8);

        assertEquals(Optional.of(twoStreams()), CatalogStore.file(file()).load());
    }

    @Test
    void shouldLoadNothingWhenACrashLeftOnlyANextFile() throws IOException {
        Files.writeString(leftover(), new JsonObject().put("version", 1).encode(), StandardCharsets.UTF_8);

        assertEquals(Optional.empty(), CatalogStore.file(file()).load());
    }

    @Test
    void shouldSaveOverALongerLeftoverNextFile() throws IOException {
        CatalogStore store = CatalogStore.file(file());
        Files.writeString(leftover(), "x".repeat(10_000), StandardCharsets.UTF_8);
        JsonObject small = new JsonObject().put("version", 1);

        store.save(small);

        assertEquals(Optional.of(small), store.load());
        assertFalse(Files.exists(leftover()));
    }

    @Test
    void shouldCreateMissingDirectoriesOnSave() throws IOException {
        CatalogStore store = CatalogStore.file(directory.resolve("data").resolve("catalog.json"));

        store.save(twoStreams());

        assertEquals(Optional.of(twoStreams()), store.load());
    }

    private static JsonObject twoStreams() {
        return new JsonObject()
            .put("version", 1)
            .put("streams", new JsonArray()
                .add(new JsonObject()
                    .put("name", "orders")
                    .put("createdMillis", 1_700_000_000_123L)
                    .put("retentionHours", 24)
                    .put("encrypted", false)
                    .put("shards", new JsonArray().add("shardId-000000000000").add("shardId-000000000001")))
                .add(new JsonObject()
                    .put("name", "événements-\uD83D\uDE42")
                    .put("createdMillis", 1_700_000_000_456L)
                    .put("retentionHours", 168)
                    .put("encrypted", true)
                    .putNull("consumer")
                    .put("tags", new JsonObject().put("team", "data").put("cost", 1.5))));
    }
}
