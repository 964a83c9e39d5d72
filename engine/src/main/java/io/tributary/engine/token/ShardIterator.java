package io.tributary.engine.token;

import io.tributary.engine.error.Messages;
import io.tributary.engine.model.Limits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a shard iterator names: a stream (by name and creation time, so a re-created stream does not
 * accept its predecessor's iterators), a shard, the position to read next, and when it was issued.
 *
 * <p>Token layout, before the {@link TokenSigner} tag (big-endian):
 * <pre>
 *  0        8              16                 24          28           36          37
 *  +--------+--------------+------------------+-----------+------------+-----------+----------------+
 *  | magic  | issued at ms | stream created ms| shard idx | position   | name len  | stream name    |
 *  | 0..01  | int64        | int64            | int32     | int64      | uint8     | UTF-8, 1..128 B |
 *  +--------+--------------+------------------+-----------+------------+-----------+----------------+
 * </pre>
 * The magic makes tokens start with {@code AAAAAAAAAAE} like real Kinesis iterators.
 */
public record ShardIterator(long issuedMillis, String streamName, long streamCreatedMillis, int shardIndex, long position) {
    private static final long MAGIC = 1L;
    private static final int FIXED_BYTES = 8 + 8 + 8 + 4 + 8 + 1;

    public String encode(TokenSigner signer) {
        byte[] name = streamName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(FIXED_BYTES + name.length)
            .putLong(MAGIC)
            .putLong(issuedMillis)
            .putLong(streamCreatedMillis)
            .putInt(shardIndex)
            .putLong(position)
            .put((byte) name.length)
            .put(name);
        return signer.sign(buffer.flip());
    }

    /**
     * Reads and checks an iterator token.
     *
     * @throws io.tributary.engine.error.KinesisException InvalidArgumentException for anything this
     *     server did not issue, ExpiredIteratorException once the iterator is older than five minutes
     */
    public static ShardIterator decode(String token, TokenSigner signer, long nowMillis) {
        ByteBuffer buffer = signer.verify(token).orElseThrow(Messages::invalidShardIterator);
        if (buffer.remaining() < FIXED_BYTES || buffer.getLong() != MAGIC) {
            throw Messages.invalidShardIterator();
        }
        long issued = buffer.getLong();
        long created = buffer.getLong();
        int shard = buffer.getInt();
        long position = buffer.getLong();
        int nameLength = buffer.get() & 0xFF;
        if (buffer.remaining() != nameLength) {
            throw Messages.invalidShardIterator();
        }
        byte[] name = new byte[nameLength];
        buffer.get(name);
        long lifetime = Limits.ITERATOR_LIFETIME.toMillis();
        if (nowMillis - issued > lifetime) {
            throw Messages.iteratorExpired(issued, nowMillis, lifetime);
        }
        return new ShardIterator(issued, new String(name, StandardCharsets.UTF_8), created, shard, position);
    }
}
