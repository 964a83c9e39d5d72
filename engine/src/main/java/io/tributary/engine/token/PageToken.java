package io.tributary.engine.token;

import io.tributary.engine.error.Messages;
import io.tributary.engine.model.Limits;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A paging token ({@code NextToken}): when it was issued and the fields the listing needs to go on,
 * which the operation that issues it defines. Tokens expire after 300 seconds, like Kinesis's.
 *
 * <p>Layout, before the {@link TokenSigner} tag (big-endian):
 * <pre>
 *  0        8              16          18                       ...
 *  +--------+--------------+-----------+------------+----------+----
 *  | magic  | issued at ms | field     | field 0    | field 0  | field 1 ...
 *  | 0..02  | int64        | count u16 | length u16 | UTF-8    |
 *  +--------+--------------+-----------+------------+----------+----
 * </pre>
 */
public record PageToken(long issuedMillis, List<String> fields) {
    private static final long MAGIC = 2L;

    public PageToken {
        fields = List.copyOf(fields);
    }

    public String encode(TokenSigner signer) {
        List<byte[]> encoded = new ArrayList<>(fields.size());
        int size = 8 + 8 + 2;
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            encoded.add(bytes);
            size += 2 + bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putLong(MAGIC).putLong(issuedMillis).putShort((short) fields.size());
        for (byte[] bytes : encoded) {
            buffer.putShort((short) bytes.length).put(bytes);
        }
        return signer.sign(buffer.flip());
    }

    /**
     * Reads and checks a paging token.
     *
     * @throws io.tributary.engine.error.KinesisException InvalidArgumentException for a token this
     *     server did not issue, ExpiredNextTokenException for one older than 300 seconds
     */
    public static PageToken decode(String token, TokenSigner signer, long nowMillis) {
        ByteBuffer buffer = signer.verify(token).orElseThrow(Messages::invalidNextToken);
        try {
            if (buffer.getLong() != MAGIC) {
                throw Messages.invalidNextToken();
            }
            long issued = buffer.getLong();
            int count = Short.toUnsignedInt(buffer.getShort());
            List<String> fields = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] bytes = new byte[Short.toUnsignedInt(buffer.getShort())];
                buffer.get(bytes);
                fields.add(new String(bytes, StandardCharsets.UTF_8));
            }
            if (nowMillis - issued > Limits.NEXT_TOKEN_LIFETIME.toMillis()) {
                throw Messages.nextTokenExpired();
            }
            return new PageToken(issued, fields);
        } catch (BufferUnderflowException truncated) {
            throw Messages.invalidNextToken();
        }
    }
}
