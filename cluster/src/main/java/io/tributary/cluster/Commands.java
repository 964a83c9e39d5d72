package io.tributary.cluster;

import io.tributary.engine.log.AppendEntry;
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
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The bytes of Raft entries and replies. Everything an entry's application depends on is in it,
 * fixed by the proposer: the apply is a function of the entry and the state machine's state alone.
 *
 * <pre>
 * shard append  : u8 1 | i64 metadataIndex | utf stream | i64 createdMillis | i32 shard | i64 arrivalMillis
 *                 | utf kmsKeyArn ("" when the stream is not encrypted) | i32 count | count x (utf partitionKey | i32 length | length bytes data)
 * shard seal    : u8 2 | i64 metadataIndex | utf stream | i64 createdMillis | i32 shard
 * shard reply   : u8 status (0 applied, 1 shard closed, 2 shard gone) | i64 position
 * catalog change: i64 baseVersion | UTF-8 JSON of the whole catalog
 * catalog reply : u8 status (0 applied, 1 conflict) | i64 version
 * </pre>
 *
 * <p>metadataIndex is the metadata group's index applied on the proposer when it proposed: a replica
 * applies the entry only once its own catalog is at least that new, so it knows the shard.
 */
final class Commands {
    static final byte APPEND = 1;
    static final byte SEAL = 2;
    static final byte APPLIED = 0;
    static final byte CLOSED = 1;
    static final byte GONE = 2;
    static final byte CONFLICT = 1;

    private Commands() {
    }

    /** A decoded shard entry. {@code entries} is empty for a seal. */
    record ShardCommand(byte type, long metadataIndex, String stream, long createdMillis, ShardId shard, long arrivalMillis,
                        Optional<String> kmsKeyArn, List<AppendEntry> entries) {
        String shardKey() {
            return Commands.shardKey(stream, createdMillis, shard);
        }
    }

    /** The key a data group's state machine keeps a shard's progress under. */
    static String shardKey(String stream, long createdMillis, ShardId shard) {
        return stream + "-" + createdMillis + "/" + shard;
    }

    record Reply(byte status, long value) {
    }

    record CatalogChange(long baseVersion, String json) {
    }

    static Message append(long metadataIndex, String stream, long created, ShardId shard, long arrivalMillis,
                          Optional<String> kmsKeyArn, List<AppendEntry> entries) {
        return write(out -> {
            out.writeByte(APPEND);
            header(out, metadataIndex, stream, created, shard);
            out.writeLong(arrivalMillis);
            out.writeUTF(kmsKeyArn.orElse(""));
            out.writeInt(entries.size());
            for (AppendEntry entry : entries) {
                out.writeUTF(entry.partitionKey());
                out.writeInt(entry.data().length);
                out.write(entry.data());
            }
        });
    }

    static Message seal(long metadataIndex, String stream, long created, ShardId shard) {
        return write(out -> {
            out.writeByte(SEAL);
            header(out, metadataIndex, stream, created, shard);
        });
    }

    static ShardCommand shardCommand(ByteString bytes) {
        try (DataInputStream in = new DataInputStream(bytes.newInput())) {
            byte type = in.readByte();
            long metadataIndex = in.readLong();
            String stream = in.readUTF();
            long created = in.readLong();
            ShardId shard = new ShardId(in.readInt());
            if (type == SEAL) {
                return new ShardCommand(type, metadataIndex, stream, created, shard, 0, Optional.empty(), List.of());
            }
            long arrival = in.readLong();
            String keyArn = in.readUTF();
            int count = in.readInt();
            List<AppendEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                entries.add(new AppendEntry(key, data));
            }
            return new ShardCommand(type, metadataIndex, stream, created, shard, arrival,
                keyArn.isEmpty() ? Optional.empty() : Optional.of(keyArn), entries);
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt shard entry", e);
        }
    }

    static Message catalogChange(long baseVersion, String json) {
        return write(out -> {
            out.writeLong(baseVersion);
            out.write(json.getBytes(StandardCharsets.UTF_8));
        });
    }

    static CatalogChange catalogChange(ByteString bytes) {
        long base = bytes.asReadOnlyByteBuffer().getLong();
        return new CatalogChange(base, bytes.substring(Long.BYTES).toStringUtf8());
    }

    static Message reply(byte status, long value) {
        return write(out -> {
            out.writeByte(status);
            out.writeLong(value);
        });
    }

    static Reply reply(Message message) {
        java.nio.ByteBuffer buffer = message.getContent().asReadOnlyByteBuffer();
        return new Reply(buffer.get(), buffer.getLong());
    }

    private static void header(DataOutputStream out, long metadataIndex, String stream, long created, ShardId shard)
        throws IOException {
        out.writeLong(metadataIndex);
        out.writeUTF(stream);
        out.writeLong(created);
        out.writeInt(shard.index());
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static Message write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Message.valueOf(ByteString.copyFrom(bytes.toByteArray()));
    }
}
