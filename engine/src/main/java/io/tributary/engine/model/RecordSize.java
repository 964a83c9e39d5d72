package io.tributary.engine.model;

/**
 * A record's size as Kinesis counts it for its limits, quotas and meters: the data's bytes plus the
 * partition key's bytes in UTF-8. The key's UTF-8 length is counted rather than encoded: sizes are
 * taken for every record on every path, and encoding the key made an array only to read its length.
 */
public final class RecordSize {
    private RecordSize() {
    }

    public static long of(String partitionKey, byte[] data) {
        return data.length + utf8Length(partitionKey);
    }

    /**
     * What {@code text.getBytes(StandardCharsets.UTF_8).length} is, without encoding: an unpaired
     * surrogate counts one byte, for the {@code '?'} the encoder writes in its place.
     */
    public static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
