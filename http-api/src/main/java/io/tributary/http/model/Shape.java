package io.tributary.http.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of the Kinesis service model, with the constraints the model states for it. {@code min}
 * and {@code max} bound lengths for strings, blobs, lists and maps, and values for numbers.
 *
 * @param members  a structure's member names and their shape names, in model order
 * @param member   a list's member shape name
 * @param key      a map's key shape name
 * @param value    a map's value shape name
 */
public record Shape(
    String name,
    String type,
    OptionalLong min,
    OptionalLong max,
    Optional<Pattern> pattern,
    List<String> enumValues,
    Map<String, String> members,
    Set<String> required,
    String member,
    String key,
    String value) {
}
