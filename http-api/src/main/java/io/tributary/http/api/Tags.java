package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.protocol.Output;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The rules tags follow, shared by the stream tag operations and the resource tag operations. */
public final class Tags {
    /** Tags one stream may carry (AddTagsToStream and TagResource documentation). */
    public static final int MAX_TAGS_PER_STREAM = 50;
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}\\s_.:/=+\\-@]*");

    private Tags() {
    }

    /** The stream's tags with {@code added} set, or InvalidArgumentException as Kinesis words it. */
    public static SortedMap<String, String> added(StreamState stream, Map<String, String> added, String account) {
        return added(stream.tags(), stream.name(), added, account);
    }

    /** {@code current} tags of the named stream or consumer with {@code added} set (TagResource). */
    public static SortedMap<String, String> added(SortedMap<String, String> current, String resource, Map<String, String> added,
                                                  String account) {
        for (Map.Entry<String, String> tag : added.entrySet()) {
            if (!VALID.matcher(tag.getKey()).matches() || !VALID.matcher(tag.getValue()).matches()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Some tags contain invalid characters. Valid characters:"
                    + " Unicode letters, digits, white space, _ . / = + - % @ :.");
            }
        }
        SortedMap<String, String> tags = new TreeMap<>(current);
        tags.putAll(added);
        if (tags.size() > MAX_TAGS_PER_STREAM) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Failed to add tags to stream " + resource + " under account "
                + account + " because a given stream cannot have more than " + MAX_TAGS_PER_STREAM
                + " tags associated with it.");
        }
        return tags;
    }

    public static SortedMap<String, String> removed(StreamState stream, Collection<String> keys) {
        return removed(stream.tags(), keys);
    }

    public static SortedMap<String, String> removed(SortedMap<String, String> current, Collection<String> keys) {
        SortedMap<String, String> tags = new TreeMap<>(current);
        keys.forEach(tags::remove);
        return tags;
    }

    /** A {@code TagList}: each tag as {@code {"Key": ..., "Value": ...}}. */
    public static void write(Output out, String member, Map<String, String> tags) throws IOException {
        out.startArray(member);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            out.startObject().string("Key", tag.getKey()).string("Value", tag.getValue()).endObject();
        }
        out.endArray();
    }
}
