package io.tributary.cluster;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.model.ShardId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The bytes of Raft entries and replies. Everything an entry's application depends on is in it,
 * fixed by the proposer: the apply is a function of the entry and the state machine's state alone.
 *
 * <pre>
 * appends       : u8 5 | i64 metadataIndex | i32 parts | parts x part
 *   part        : utf stream | i64 createdMillis | i32 shard | i64 arrivalMillis
 *                 | utf kmsKeyArn ("" when the stream is not encrypted) | i32 count | count x (utf partitionKey | i32 length | length bytes data)
 * admitted      : u8 7 | i64 metadataIndex | i32 parts | parts x (part | i64 offeredBytes | i32 offeredRecords)
 *                 (appends as the group's leader admitted them within each shard's write throughput: each part holds
 *                 the prefix of its records admitted, and says how much was offered)
 * sealed appends: u8 8 (or 9 for admitted) | as appends (admitted), but in each part with a kmsKeyArn the records are
 *                 i32 count | i32 length | length bytes: the count x (utf partitionKey | i32 length | data) sealed by {@link EntryKey}
 * shard seal    : u8 2 | i64 metadataIndex | utf stream | i64 createdMillis | i32 shard
 * shard reply   : i32 parts | parts x (u8 status (0 applied, 1 shard closed, 2 shard gone) | i64 position | i32 admitted)
 *                 (one part for a seal)
 * catalog change: i64 baseVersion | UTF-8 JSON of the whole catalog
 * catalog reply : u8 status (0 applied, 1 conflict) | i64 version
 * </pre>
 *
 * <p>Read-only questions, asked of one replica by a replica catching up from it, or of a group's
 * leader by a node that holds no replica of a shard (a read barrier is an empty message):
 *
 * <pre>
 * snapshot query : u8 3
 * snapshot reply : i64 term | i64 index | UTF-8 text of the snapshot     (empty when it has none)
 * read query     : u8 6 | utf stream | i64 createdMillis | i32 shard
 *                  | u8 kind (0 batch, 1 trim horizon, 2 end, 3 at timestamp, 4 offered writes)
 *                  | i64 argument (the batch's first position, or the timestamp) | i32 maxRecords | i64 maxBytes | i64 retentionMillis
 * batch reply    : u8 found | i64 nextPosition | i64 endPosition | i32 count
 *                  | count x (i64 position | i64 arrivalMillis | u8 encrypted | utf partitionKey | i32 length | length bytes data)
 *                  (only the first byte when the replica does not have the shard)
 * position reply : u8 status (0 applied, 2 shard gone) | i64 position
 * offered reply  : u8 found | i64 bytes | i64 records      (written to the shard since it was created, admitted or not)
 * </pre>
 *
 * <p>metadataIndex is the metadata group's index applied on the proposer when it proposed: a replica
 * applies the entry only once its own catalog is at least that new, so it knows the shard.
 */
final class Commands {
    /** Appends to one or more shards of a data group; type 1, one shard's append, is no longer written. */
    static final byte APPENDS = 5;
    /** Appends as the group's leader admitted them, when the shards' throughput limits are on. */
    static final byte ADMITTED = 7;
    /** {@link #APPENDS} and {@link #ADMITTED} with the records of encrypted streams' parts sealed ({@link EntryKey}). */
    static final byte SEALED_APPENDS = 8;
    static final byte SEALED_ADMITTED = 9;
    static final byte SEAL = 2;
    static final byte APPLIED = 0;
    static final byte CLOSED = 1;
    static final byte GONE = 2;
    static final byte CONFLICT = 1;
    /** The base version of a metadata entry that proposes the cluster's token secret rather than a catalog. */
    static final long TOKEN_SECRET = -1;
    static final byte SNAPSHOT_QUERY = 3;
    static final byte READ_QUERY = 6;

    private Commands() {
    }

    /**
     * One shard's part of a data group entry. {@code entries} is empty for a seal; for an append they
     * are the records to write, and {@code offeredBytes} and {@code offeredRecords} what was offered,
     * which is more when the group's leader admitted only a prefix.
     */
    record ShardCommand(byte type, String stream, long createdMillis, ShardId shard, long arrivalMillis,
                        Optional<String> kmsKeyArn, List<AppendEntry> entries, long offeredBytes, int offeredRecords) {
        String shardKey() {
            return Commands.shardKey(stream, createdMillis, shard);
        }

        /** This part with only the first {@code admitted} records, still saying what was offered. */
        ShardCommand admitting(int admitted) {
            return new ShardCommand(type, stream, createdMillis, shard, arrivalMillis, kmsKeyArn,
                List.copyOf(entries.subList(0, admitted)), offeredBytes, offeredRecords);
        }
    }

    /** A decoded data group entry: a seal (one part) or appends to one or more shards, applied in order. */
    record GroupEntry(long metadataIndex, List<ShardCommand> parts) {
    }

    /** The key a data group's state machine keeps a shard's progress under. */
    static String shardKey(String stream, long createdMillis, ShardId shard) {
        return streamKey(stream, createdMillis) + shard;
    }

    /** The part of a {@link #shardKey} that names the stream (created then); a shard's key starts with it. */
    static String streamKey(String stream, long createdMillis) {
        return stream + "-" + createdMillis + "/";
    }

    /** The {@link #streamKey} a shard key starts with. */
    static String streamKeyOf(String shardKey) {
        return shardKey.substring(0, shardKey.lastIndexOf('/') + 1);
    }

    /** A part's outcome: its status, its first position, and how many of its records were admitted and written. */
    record Reply(byte status, long value, int admitted) {
        Reply(byte status, long value) {
            this(status, value, 0);
        }
    }

    record CatalogChange(long baseVersion, String json) {
    }

    /** One shard's records in an appends entry, sealed under {@code kmsKeyArn} when present. */
    record Part(String stream, long createdMillis, ShardId shard, long arrivalMillis, Optional<String> kmsKeyArn,
                List<AppendEntry> entries) {
    }

    /**
     * An appends entry of {@code parts}. The records of an encrypted stream's part are sealed under
     * the cluster's {@code key} (asked for only when there is such a part; it throws while the cluster
     * has agreed on none), so no Raft log holds their plaintext.
     */
    static Message appends(long metadataIndex, List<Part> parts, Supplier<EntryKey> key) {
        return appends(APPENDS, metadataIndex, parts.stream().map(part -> new ShardCommand(APPENDS, part.stream(),
            part.createdMillis(), part.shard(), part.arrivalMillis(), part.kmsKeyArn(), part.entries(), 0, 0)).toList(), key);
    }

    /** An entry of the parts of an appends entry, as the group's leader admitted them ({@link ShardCommand#admitting}). */
    static Message admitted(long metadataIndex, List<ShardCommand> parts, Supplier<EntryKey> key) {
        return appends(ADMITTED, metadataIndex, parts, key);
    }

    private static Message appends(byte plainType, long metadataIndex, List<ShardCommand> parts, Supplier<EntryKey> key) {
        boolean admitted = plainType == ADMITTED;
        // the sealed records of encrypted streams' parts, by part, made first so the entry can be sized
        byte[][] sealed = new byte[parts.size()][];
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p).kmsKeyArn().isPresent()) {
                List<AppendEntry> entries = parts.get(p).entries();
                sealed[p] = key.get().seal(write(Math.toIntExact(entriesSize(entries)), out -> writeEntries(out, entries))
                    .getContent().toByteArray());
            }
        }
        boolean anySealed = java.util.Arrays.stream(sealed).anyMatch(java.util.Objects::nonNull);
        byte type = anySealed ? (admitted ? SEALED_ADMITTED : SEALED_APPENDS) : plainType;
        // sized exactly up front, so the entry's bytes are written once and wrapped, not grown and copied
        long size = 1 + 8 + 4;
        for (int p = 0; p < parts.size(); p++) {
            ShardCommand part = parts.get(p);
            size += shardSize(part.stream()) + 8 + utfSize(part.kmsKeyArn().orElse("")) + 4 + (admitted ? 8 + 4 : 0);
            size += sealed[p] != null ? 4 + sealed[p].length : entriesSize(part.entries());
        }
        return write(Math.toIntExact(size), out -> {
            out.writeByte(type);
            out.writeLong(metadataIndex);
            out.writeInt(parts.size());
            for (int p = 0; p < parts.size(); p++) {
                ShardCommand part = parts.get(p);
                writeShard(out, part.stream(), part.createdMillis(), part.shard());
                out.writeLong(part.arrivalMillis());
                out.writeUTF(part.kmsKeyArn().orElse(""));
                out.writeInt(part.entries().size());
                if (sealed[p] != null) {
                    out.writeInt(sealed[p].length);
                    out.write(sealed[p]);
                } else {
                    writeEntries(out, part.entries());
                }
                if (admitted) {
                    out.writeLong(part.offeredBytes());
                    out.writeInt(part.offeredRecords());
                }
            }
        });
    }

    /** The bytes {@link #writeEntries} writes. */
    private static long entriesSize(List<AppendEntry> entries) {
        long size = 0;
        for (AppendEntry entry : entries) {
            size += utfSize(entry.partitionKey()) + 4 + entry.data().length;
        }
        return size;
    }

    private static void writeEntries(DataOutputStream out, List<AppendEntry> entries) throws IOException {
        for (AppendEntry entry : entries) {
            out.writeUTF(entry.partitionKey());
            out.writeInt(entry.data().length);
            out.write(entry.data());
        }
    }

    private static List<AppendEntry> readEntries(DataInputStream in, int count) throws IOException {
        List<AppendEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = in.readUTF();
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            entries.add(new AppendEntry(key, data));
        }
        return entries;
    }

    static Message seal(long metadataIndex, String stream, long created, ShardId shard) {
        return write(1 + Long.BYTES + shardSize(stream), out -> {
            out.writeByte(SEAL);
            out.writeLong(metadataIndex);
            writeShard(out, stream, created, shard);
        });
    }

    /** The metadata index a data group entry names (see the class comment), read without decoding the rest. */
    static long metadataIndex(ByteString bytes) {
        return bytes.substring(1, 1 + Long.BYTES).asReadOnlyByteBuffer().getLong();
    }

    /** Whether a data group entry holds appends not yet admitted by a leader (sealed or not). */
    static boolean proposedAppends(ByteString bytes) {
        return !bytes.isEmpty() && (bytes.byteAt(0) == APPENDS || bytes.byteAt(0) == SEALED_APPENDS);
    }

    /**
     * Decodes a data group entry; sealed records are opened with the cluster's {@code key} (asked for
     * only when the entry has them).
     */
    static GroupEntry groupEntry(ByteString bytes, Supplier<EntryKey> key) {
        try (DataInputStream in = new DataInputStream(bytes.newInput())) {
            byte type = in.readByte();
            long metadataIndex = in.readLong();
            if (type == SEAL) {
                return new GroupEntry(metadataIndex, List.of(new ShardCommand(SEAL, in.readUTF(), in.readLong(),
                    new ShardId(in.readInt()), 0, Optional.empty(), List.of(), 0, 0)));
            }
            if (type != APPENDS && type != ADMITTED && type != SEALED_APPENDS && type != SEALED_ADMITTED) {
                throw new IOException("unknown data entry type " + type);
            }
            boolean admitted = type == ADMITTED || type == SEALED_ADMITTED;
            boolean sealing = type == SEALED_APPENDS || type == SEALED_ADMITTED;
            int partCount = in.readInt();
            List<ShardCommand> parts = new ArrayList<>(partCount);
            for (int p = 0; p < partCount; p++) {
                String stream = in.readUTF();
                long created = in.readLong();
                ShardId shard = new ShardId(in.readInt());
                long arrival = in.readLong();
                String keyArn = in.readUTF();
                int count = in.readInt();
                List<AppendEntry> entries;
                if (sealing && !keyArn.isEmpty()) {
                    byte[] sealed = new byte[in.readInt()];
                    in.readFully(sealed);
                    try (DataInputStream records = new DataInputStream(new java.io.ByteArrayInputStream(key.get().open(sealed)))) {
                        entries = readEntries(records, count);
                    }
                } else {
                    entries = readEntries(in, count);
                }
                // appends not admitted by a leader offered exactly what they hold
                long offeredBytes = admitted ? in.readLong() : entries.stream().mapToLong(AppendEntry::sizeBytes).sum();
                int offeredRecords = admitted ? in.readInt() : count;
                parts.add(new ShardCommand(APPENDS, stream, created, shard, arrival,
                    keyArn.isEmpty() ? Optional.empty() : Optional.of(keyArn), entries, offeredBytes, offeredRecords));
            }
            return new GroupEntry(metadataIndex, parts);
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt shard entry", e);
        }
    }

    static Message catalogChange(long baseVersion, String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return write(Long.BYTES + utf8.length, out -> {
            out.writeLong(baseVersion);
            out.write(utf8);
        });
    }

    static CatalogChange catalogChange(ByteString bytes) {
        long base = bytes.asReadOnlyByteBuffer().getLong();
        return new CatalogChange(base, bytes.substring(Long.BYTES).toStringUtf8());
    }

    static Message snapshotQuery() {
        return Message.valueOf(ByteString.copyFrom(new byte[] {SNAPSHOT_QUERY}));
    }

    static Message snapshotReply(SnapshottingStateMachine.Snapshot snapshot) {
        if (snapshot == null) {
            return Message.EMPTY;
        }
        byte[] body = snapshot.body().getBytes(StandardCharsets.UTF_8);
        return write(2 * Long.BYTES + body.length, out -> {
            out.writeLong(snapshot.termIndex().getTerm());
            out.writeLong(snapshot.termIndex().getIndex());
            out.write(body);
        });
    }

    /** The snapshot a replica answered with, or null when it has none. */
    static SnapshottingStateMachine.Snapshot snapshotReply(ByteString bytes) {
        if (bytes.isEmpty()) {
            return null;
        }
        java.nio.ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
        TermIndex termIndex = TermIndex.valueOf(buffer.getLong(), buffer.getLong());
        return new SnapshottingStateMachine.Snapshot(termIndex, bytes.substring(2 * Long.BYTES).toStringUtf8());
    }

    /**
     * What a read question asks of a shard: a batch of records (a replica catching up, or a node that
     * holds no replica of it; see {@link io.tributary.engine.replication.RemoteShard}), or a position.
     */
    enum ReadKind { BATCH, TRIM_HORIZON, END, AT_TIMESTAMP, OFFERED }

    /** A read question, decoded: {@code argument} is the batch's first position, or the timestamp. */
    record ReadQuery(String stream, long createdMillis, ShardId shard, ReadKind kind, long argument, int maxRecords, long maxBytes,
                     long retentionMillis) {
    }

    static Message readQuery(String stream, long created, ShardId shard, ReadKind kind, long argument, int maxRecords, long maxBytes,
                             long retentionMillis) {
        return write(1 + shardSize(stream) + 1 + 8 + 4 + 8 + 8, out -> {
            out.writeByte(READ_QUERY);
            writeShard(out, stream, created, shard);
            out.writeByte(kind.ordinal());
            out.writeLong(argument);
            out.writeInt(maxRecords);
            out.writeLong(maxBytes);
            out.writeLong(retentionMillis);
        });
    }

    static ReadQuery readQuery(ByteString bytes) {
        try (DataInputStream in = new DataInputStream(bytes.newInput())) {
            in.readByte();
            return new ReadQuery(in.readUTF(), in.readLong(), new ShardId(in.readInt()), ReadKind.values()[in.readByte()], in.readLong(),
                in.readInt(), in.readLong(), in.readLong());
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a corrupt read question", e);
        }
    }

    /** A batch read's answer: empty when the replica does not have the shard. */
    static Message batchReply(Optional<ReadBatch> batch) {
        if (batch.isEmpty()) {
            return write(1, out -> out.writeBoolean(false));
        }
        List<LogRecord> records = batch.get().records();
        return write(Math.toIntExact(1 + 8 + 8 + recordsSize(records)), out -> {
            out.writeBoolean(true);
            out.writeLong(batch.get().nextPosition());
            out.writeLong(batch.get().endPosition());
            writeRecords(out, records);
        });
    }

    static Optional<ReadBatch> batchReply(ByteString bytes) {
        try (DataInputStream in = new DataInputStream(bytes.newInput())) {
            if (!in.readBoolean()) {
                return Optional.empty();
            }
            long next = in.readLong();
            long end = in.readLong();
            return Optional.of(new ReadBatch(readRecords(in), next, end));
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt read answer", e);
        }
    }

    private static long recordsSize(List<LogRecord> records) {
        long size = 4;
        for (LogRecord record : records) {
            size += 8 + 8 + 1 + utfSize(record.partitionKey()) + 4 + record.data().length;
        }
        return size;
    }

    private static void writeRecords(DataOutputStream out, List<LogRecord> records) throws IOException {
        out.writeInt(records.size());
        for (LogRecord record : records) {
            out.writeLong(record.position());
            out.writeLong(record.arrivalMillis());
            out.writeBoolean(record.encrypted());
            out.writeUTF(record.partitionKey());
            out.writeInt(record.data().length);
            out.write(record.data());
        }
    }

    private static List<LogRecord> readRecords(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long position = in.readLong();
            long arrival = in.readLong();
            boolean encrypted = in.readBoolean();
            String key = in.readUTF();
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            records.add(new LogRecord(position, arrival, key, data, encrypted));
        }
        return records;
    }

    /** A data entry's reply: one status, position and admitted count per part, in the parts' order. */
    static Message replies(List<Reply> replies) {
        return write(Integer.BYTES + replies.size() * (1 + Long.BYTES + Integer.BYTES), out -> {
            out.writeInt(replies.size());
            for (Reply reply : replies) {
                out.writeByte(reply.status());
                out.writeLong(reply.value());
                out.writeInt(reply.admitted());
            }
        });
    }

    static List<Reply> replies(Message message) {
        java.nio.ByteBuffer buffer = message.getContent().asReadOnlyByteBuffer();
        int count = buffer.getInt();
        List<Reply> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(new Reply(buffer.get(), buffer.getLong(), buffer.getInt()));
        }
        return replies;
    }

    /** What was offered to a shard's writes, admitted or not: bytes and records; empty when the replica does not know the shard. */
    static Message offeredReply(Optional<long[]> offered) {
        return write(1 + 2 * Long.BYTES, out -> {
            out.writeBoolean(offered.isPresent());
            out.writeLong(offered.map(counts -> counts[0]).orElse(0L));
            out.writeLong(offered.map(counts -> counts[1]).orElse(0L));
        });
    }

    static Optional<long[]> offeredReply(ByteString bytes) {
        java.nio.ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
        boolean found = buffer.get() != 0;
        long[] counts = {buffer.getLong(), buffer.getLong()};
        return found ? Optional.of(counts) : Optional.empty();
    }

    /** A catalog change's reply. */
    static Message reply(byte status, long value) {
        return write(1 + Long.BYTES, out -> {
            out.writeByte(status);
            out.writeLong(value);
        });
    }

    static Reply reply(Message message) {
        java.nio.ByteBuffer buffer = message.getContent().asReadOnlyByteBuffer();
        return new Reply(buffer.get(), buffer.getLong());
    }

    /** Names a shard: its stream's name and creation time, and its index. */
    private static void writeShard(DataOutputStream out, String stream, long created, ShardId shard) throws IOException {
        out.writeUTF(stream);
        out.writeLong(created);
        out.writeInt(shard.index());
    }

    /** The bytes {@link #writeShard} writes. */
    private static int shardSize(String stream) {
        return utfSize(stream) + Long.BYTES + Integer.BYTES;
    }

    /** The bytes {@link DataOutputStream#writeUTF} writes for {@code text}: its length, then modified UTF-8. */
    private static int utfSize(String text) {
        int size = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            size += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        return size;
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * A message of what {@code writer} writes, in one buffer of {@code capacity} bytes (the number it
     * will write; the buffer grows if it writes more) that is wrapped, not copied.
     */
    private static Message write(int capacity, Writer writer) {
        Buffer bytes = new Buffer(capacity);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Message.valueOf(bytes.wrapped());
    }

    /** A byte stream whose bytes are handed over as they are: nothing writes to it after {@link #wrapped}. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int capacity) {
            super(capacity);
        }

        ByteString wrapped() {
            return UnsafeByteOperations.unsafeWrap(buf, 0, count);
        }
    }
}
