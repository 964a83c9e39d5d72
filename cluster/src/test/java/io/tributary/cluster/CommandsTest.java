package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.model.ShardId;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.protocol.Message;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private static final EntryKey KEY = EntryKey.derive("a cluster's agreed secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static EntryKey noKey() {
        throw new IllegalStateException("no key is needed here");
    }

    @Test
    void shouldSealAnEncryptedStreamsRecordsInAnEntryAndLeaveTheOthersAsTheyAre() {
        List<Commands.Part> parts = List.of(
            new Commands.Part("secret", 5, new ShardId(0), 9, Optional.of("arn:aws:kms:us-east-1:000000000000:key/k"),
                List.of(new AppendEntry("hidden-key", "hidden-data".getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
            new Commands.Part("open", 6, new ShardId(1), 9, Optional.empty(),
                List.of(new AppendEntry("plain-key", "plain-data".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));

        byte[] entry = Commands.appends(4, parts, () -> KEY).getContent().toByteArray();
        String asText = new String(entry, java.nio.charset.StandardCharsets.ISO_8859_1);

        assertEquals(false, asText.contains("hidden-key") || asText.contains("hidden-data"), "the encrypted stream's record is sealed");
        assertEquals(true, asText.contains("plain-key") && asText.contains("plain-data"), "the other stream's is not");
        Commands.GroupEntry decoded = Commands.groupEntry(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(entry), () -> KEY);
        assertEquals("hidden-key", decoded.parts().get(0).entries().get(0).partitionKey());
        assertArrayEquals("hidden-data".getBytes(java.nio.charset.StandardCharsets.UTF_8), decoded.parts().get(0).entries().get(0).data());
        assertEquals(10 + 11, decoded.parts().get(0).offeredBytes());
        assertEquals("plain-key", decoded.parts().get(1).entries().get(0).partitionKey());
        EntryKey other = EntryKey.derive(new byte[32]);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Commands.groupEntry(
            org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(entry), () -> other), "another cluster's key opens nothing");
        assertEquals(4, Commands.metadataIndex(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(entry)));
    }

    @Test
    void shouldAskForNoKeyWhenNoPartIsEncrypted() {
        List<Commands.Part> parts = List.of(new Commands.Part("open", 6, new ShardId(1), 9, Optional.empty(),
            List.of(new AppendEntry("k", new byte[] {1}))));

        Commands.GroupEntry decoded = Commands.groupEntry(Commands.appends(4, parts, CommandsTest::noKey).getContent(), CommandsTest::noKey);

        assertEquals("k", decoded.parts().get(0).entries().get(0).partitionKey());
    }

    @Test
    void shouldDecodeAnAppendsEntryToThePartsProposedInTheirOrder() {
        // keys outside ASCII, with a NUL (two bytes in modified UTF-8) and a surrogate pair (six bytes)
        List<AppendEntry> records = List.of(new AppendEntry("plain", new byte[] {1, 2, 3}),
            new AppendEntry("sch\u00fcssel-\u0000-\u20ac-\ud83d\ude00", new byte[0]),
            new AppendEntry("k".repeat(256), new byte[1 << 16]));
        List<Commands.Part> parts = List.of(
            new Commands.Part("str\u00e9am", 1_700_000_000_123L, new ShardId(7), 1_700_000_000_456L,
                Optional.of("arn:aws:kms:us-east-1:000000000000:key/k"), records),
            new Commands.Part("other", 5, new ShardId(1), 9, Optional.empty(), List.of(new AppendEntry("p", new byte[] {4}))),
            new Commands.Part("str\u00e9am", 1_700_000_000_123L, new ShardId(7), 1_700_000_000_457L, Optional.empty(),
                List.of(new AppendEntry("q", new byte[] {5, 6}))));

        Commands.GroupEntry decoded = Commands.groupEntry(Commands.appends(42, parts, () -> KEY).getContent(), () -> KEY);

        assertEquals(42, decoded.metadataIndex());
        assertEquals(parts.size(), decoded.parts().size());
        for (int p = 0; p < parts.size(); p++) {
            Commands.Part part = parts.get(p);
            Commands.ShardCommand command = decoded.parts().get(p);
            assertEquals(Commands.APPENDS, command.type());
            assertEquals(part.stream(), command.stream());
            assertEquals(part.createdMillis(), command.createdMillis());
            assertEquals(part.shard(), command.shard());
            assertEquals(part.arrivalMillis(), command.arrivalMillis());
            assertEquals(part.kmsKeyArn(), command.kmsKeyArn());
            assertEquals(part.entries().size(), command.entries().size());
            for (int i = 0; i < part.entries().size(); i++) {
                assertEquals(part.entries().get(i).partitionKey(), command.entries().get(i).partitionKey());
                assertArrayEquals(part.entries().get(i).data(), command.entries().get(i).data());
            }
            // an entry no leader admitted offered exactly what it holds
            assertEquals(part.entries().size(), command.offeredRecords());
            assertEquals(part.entries().stream().mapToLong(AppendEntry::sizeBytes).sum(), command.offeredBytes());
        }
    }

    @Test
    void shouldKeepWhatWasOfferedWhenALeaderAdmitsOnlyAPrefixOfAPart() {
        List<AppendEntry> records = List.of(new AppendEntry("a", new byte[10]), new AppendEntry("bé", new byte[20]),
            new AppendEntry("c", new byte[30]));
        Commands.GroupEntry proposed = Commands.groupEntry(Commands.appends(8, List.of(
            new Commands.Part("s", 5, new ShardId(0), 100, Optional.empty(), records),
            new Commands.Part("s", 5, new ShardId(1), 101, Optional.of("arn:k"), List.of(new AppendEntry("d", new byte[] {9})))),
            () -> KEY).getContent(), () -> KEY);

        Commands.GroupEntry admitted = Commands.groupEntry(Commands.admitted(proposed.metadataIndex(),
            List.of(proposed.parts().get(0).admitting(1), proposed.parts().get(1).admitting(0)), () -> KEY).getContent(), () -> KEY);

        assertEquals(8, admitted.metadataIndex());
        Commands.ShardCommand first = admitted.parts().get(0);
        assertEquals(1, first.entries().size());
        assertEquals("a", first.entries().get(0).partitionKey());
        assertEquals(3, first.offeredRecords());
        assertEquals(11 + 23 + 31, first.offeredBytes(), "key and data bytes of all three, the key's in UTF-8");
        assertEquals(100, first.arrivalMillis());
        Commands.ShardCommand second = admitted.parts().get(1);
        assertEquals(List.of(), second.entries());
        assertEquals(1, second.offeredRecords());
        assertEquals(2, second.offeredBytes());
        assertEquals(Optional.of("arn:k"), second.kmsKeyArn());
        assertEquals("s-5/shardId-000000000001", second.shardKey());
    }

    @Test
    void shouldCarryAShardsOfferedWrites() {
        assertArrayEquals(new long[] {1L << 40, 7}, Commands.offeredReply(Commands.offeredReply(Optional.of(new long[] {1L << 40, 7}))
            .getContent()).orElseThrow());
        assertEquals(Optional.empty(), Commands.offeredReply(Commands.offeredReply(Optional.empty()).getContent()));
    }

    @Test
    void shouldDecodeASealAsOnePartWithoutRecords() {
        Commands.GroupEntry decoded = Commands.groupEntry(Commands.seal(3, "s", 5, new ShardId(0)).getContent(), CommandsTest::noKey);

        assertEquals(3, decoded.metadataIndex());
        assertEquals(1, decoded.parts().size());
        assertEquals(Commands.SEAL, decoded.parts().get(0).type());
        assertEquals("s-5/shardId-000000000000", decoded.parts().get(0).shardKey());
        assertEquals(List.of(), decoded.parts().get(0).entries());
    }

    @Test
    void shouldCarryACatalogChangeAndTheReplies() {
        Commands.CatalogChange change = Commands.catalogChange(Commands.catalogChange(9, "{\"n\":\"\u00e9\"}").getContent());
        Commands.Reply reply = Commands.reply(Commands.reply(Commands.CLOSED, 12_345));
        List<Commands.Reply> replies = List.of(new Commands.Reply(Commands.APPLIED, 7, 499), new Commands.Reply(Commands.GONE, 0),
            new Commands.Reply(Commands.CLOSED, 1L << 40));

        assertEquals(new Commands.CatalogChange(9, "{\"n\":\"\u00e9\"}"), change);
        assertEquals(new Commands.Reply(Commands.CLOSED, 12_345), reply);
        assertEquals(replies, Commands.replies(Commands.replies(replies)));
    }

    @Test
    void shouldDecodeASnapshotAnswerToTheSnapshotAndNoneToNull() {
        SnapshottingStateMachine.Snapshot snapshot = new SnapshottingStateMachine.Snapshot(
            org.apache.ratis.server.protocol.TermIndex.valueOf(3, 1_234), "12 false orders-1/shardId-000000000000\né\n");

        SnapshottingStateMachine.Snapshot decoded = Commands.snapshotReply(Commands.snapshotReply(snapshot).getContent());

        assertEquals(snapshot, decoded);
        assertEquals(null, Commands.snapshotReply(Commands.snapshotReply((SnapshottingStateMachine.Snapshot) null).getContent()));
    }

    @Test
    void shouldDecodeAReadQuestionAndABatchAnswer() {
        Commands.ReadQuery query = Commands.readQuery(Commands.readQuery("str\u00e9am", 1_700_000_000_123L, new ShardId(4),
            Commands.ReadKind.BATCH, 10, 1_000, 4 << 20, 86_400_000L).getContent());
        assertEquals(new Commands.ReadQuery("str\u00e9am", 1_700_000_000_123L, new ShardId(4), Commands.ReadKind.BATCH, 10, 1_000,
            4 << 20, 86_400_000L), query);

        List<LogRecord> records = List.of(
            new LogRecord(10, 1_000, "k\u20ac", new byte[] {1, 2}, true),
            new LogRecord(11, 1_001, "", new byte[0], false));
        ReadBatch answer = Commands.batchReply(Commands.batchReply(Optional.of(new ReadBatch(records, 12, 15))).getContent())
            .orElseThrow();

        assertEquals(12, answer.nextPosition());
        assertEquals(15, answer.endPosition());
        assertEquals(2, answer.records().size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(records.get(i).position(), answer.records().get(i).position());
            assertEquals(records.get(i).arrivalMillis(), answer.records().get(i).arrivalMillis());
            assertEquals(records.get(i).partitionKey(), answer.records().get(i).partitionKey());
            assertEquals(records.get(i).encrypted(), answer.records().get(i).encrypted());
            assertArrayEquals(records.get(i).data(), answer.records().get(i).data());
        }
        assertEquals(Optional.empty(), Commands.batchReply(Commands.batchReply(Optional.empty()).getContent()), "the shard is gone");
    }

    @Test
    void shouldDecodeAPositionQuestionAndItsAnswer() {
        assertEquals(new Commands.ReadQuery("orders", 7L, new ShardId(0), Commands.ReadKind.AT_TIMESTAMP, 1_700_000_000_000L, 0, 0, 0),
            Commands.readQuery(Commands.readQuery("orders", 7L, new ShardId(0), Commands.ReadKind.AT_TIMESTAMP, 1_700_000_000_000L,
                0, 0, 0).getContent()));
        assertEquals(new Commands.Reply(Commands.APPLIED, 42), Commands.reply(Commands.reply(Commands.APPLIED, 42)));
    }
}
