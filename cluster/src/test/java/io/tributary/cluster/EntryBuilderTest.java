package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.model.ShardId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryBuilderTest {
    private static final Optional<String> KEY = Optional.of("arn:aws:kms:us-east-1:000000000000:key/k");

    private static List<AppendEntry> records(String... keys) {
        return java.util.Arrays.stream(keys).map(key -> new AppendEntry(key, key.getBytes())).toList();
    }

    private static List<String> keys(Commands.Part part) {
        return part.entries().stream().map(AppendEntry::partitionKey).toList();
    }

    @Test
    void shouldGatherEachShardsAppendsIntoOnePartInArrivalOrder() {
        EntryBuilder builder = new EntryBuilder();

        EntryBuilder.Placement a1 = builder.add("s", 1, new ShardId(0), 100, Optional.empty(), records("a", "b"));
        EntryBuilder.Placement b1 = builder.add("s", 1, new ShardId(1), 101, Optional.empty(), records("x"));
        EntryBuilder.Placement a2 = builder.add("s", 1, new ShardId(0), 99, Optional.empty(), records("c"));
        EntryBuilder.Placement other = builder.add("s", 2, new ShardId(0), 102, Optional.empty(), records("z"));

        List<Commands.Part> parts = builder.parts();
        assertEquals(3, parts.size());
        assertEquals(List.of("a", "b", "c"), keys(parts.get(0)));
        assertEquals(new ShardId(0), parts.get(0).shard());
        assertEquals(100, parts.get(0).arrivalMillis(), "a part takes the latest arrival of its appends");
        assertEquals(List.of("x"), keys(parts.get(1)));
        assertEquals(2, parts.get(2).createdMillis(), "a stream of the same name created again is another shard");
        assertEquals(new EntryBuilder.Placement(0, 0), a1);
        assertEquals(new EntryBuilder.Placement(1, 0), b1);
        assertEquals(new EntryBuilder.Placement(0, 2), a2);
        assertEquals(new EntryBuilder.Placement(2, 0), other);
    }

    @Test
    void shouldStartANewPartWhenTheKeyChangesSoTheShardKeepsItsOrder() {
        EntryBuilder builder = new EntryBuilder();

        builder.add("s", 1, new ShardId(0), 100, Optional.empty(), records("a"));
        EntryBuilder.Placement sealed = builder.add("s", 1, new ShardId(0), 101, KEY, records("b"));
        EntryBuilder.Placement sealedToo = builder.add("s", 1, new ShardId(0), 102, KEY, records("c"));
        EntryBuilder.Placement plainAgain = builder.add("s", 1, new ShardId(0), 103, Optional.empty(), records("d"));

        List<Commands.Part> parts = builder.parts();
        assertEquals(3, parts.size());
        assertEquals(List.of(Optional.empty(), KEY, Optional.empty()), parts.stream().map(Commands.Part::kmsKeyArn).toList());
        assertEquals(List.of("a"), keys(parts.get(0)));
        assertEquals(List.of("b", "c"), keys(parts.get(1)));
        assertEquals(List.of("d"), keys(parts.get(2)));
        assertEquals(new EntryBuilder.Placement(1, 0), sealed);
        assertEquals(new EntryBuilder.Placement(1, 1), sealedToo);
        assertEquals(new EntryBuilder.Placement(2, 0), plainAgain);
    }
}
