package io.tributary.http.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.http.protocol.Encoding;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded request body against its operation's input shape in the service model, in two
 * passes, as Kinesis does:
 *
 * <ol>
 *   <li>Types: every known member must have its model type, or the request fails with a
 *       SerializationException. Unknown members are dropped; JSON nulls count as absent. Blobs
 *       become bytes and timestamps epoch milliseconds, whatever the encoding; numbers are floored
 *       and held within their Java type's range.</li>
 *   <li>Constraints: required members, lengths, ranges, patterns and enums, collected in model order
 *       (at most ten) into one ValidationException worded like Kinesis's:
 *       {@code 1 validation error detected: Value 'x!' at 'streamName' failed to satisfy constraint:
 *       Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+}.</li>
 * </ol>
 *
 * <p>Concurrency: thread-safe and stateless apart from the immutable model.
 */
public final class Validator {
    private static final int MAX_REPORTED_ERRORS = 10;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where Kinesis's own request classes live, as its messages name them. */
    private static final String JAVA_PACKAGE = "com.amazonaws.kinesis.v20131202.";

    private final ServiceModel model;

    public Validator(ServiceModel model) {
        this.model = model;
    }

    /** The request's members, typed and normalised, or the exception Kinesis would answer with. */
    public ObjectNode validate(Shape input, JsonNode body, Encoding encoding) {
        ObjectNode typed = (ObjectNode) typed(input, body, encoding);
        List<String> errors = new ArrayList<>();
        checkStructure(input, typed, new Location(), errors);
        if (!errors.isEmpty()) {
            throw ErrorCode.VALIDATION.exception(errors.size() + " validation error" + (errors.size() > 1 ? "s" : "")
                + " detected: " + String.join("; ", errors));
        }
        return typed;
    }

    // ---- pass 1: types -------------------------------------------------------------------------

    private JsonNode typed(Shape shape, JsonNode node, Encoding encoding) {
        return switch (shape.type()) {
            case "structure" -> typedStructure(shape, node, encoding);
            case "list" -> typedList(shape, node, encoding);
            case "map" -> typedMap(shape, node, encoding);
            case "string" -> typedString(node);
            case "integer", "long" -> typedNumber(shape, node);
            case "boolean" -> typedBoolean(node);
            case "blob" -> typedBlob(node);
            case "timestamp" -> typedTimestamp(node, encoding);
            default -> throw new IllegalStateException("unsupported model type " + shape.type());
        };
    }

    private JsonNode typedStructure(Shape shape, JsonNode node, Encoding encoding) {
        if (node.isArray()) {
            throw serialization("Start of list found where not expected");
        }
        if (!node.isObject()) {
            throw serialization("Expected null");
        }
        ObjectNode typed = NODES.objectNode();
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode value = node.get(member.getKey());
            if (value != null && !value.isNull()) {
                typed.set(member.getKey(), typed(model.shape(member.getValue()), value, encoding));
            }
        }
        return typed;
    }

    private JsonNode typedList(Shape shape, JsonNode node, Encoding encoding) {
        if (node.isObject()) {
            throw serialization("Start of structure or map found where not expected.");
        }
        if (!node.isArray()) {
            throw serialization("Expected list or null");
        }
        Shape member = model.shape(shape.member());
        ArrayNode typed = NODES.arrayNode(node.size());
        for (JsonNode item : node) {
            typed.add(item.isNull() ? item : typed(member, item, encoding));
        }
        return typed;
    }

    private JsonNode typedMap(Shape shape, JsonNode node, Encoding encoding) {
        if (node.isArray()) {
            throw serialization("Start of list found where not expected");
        }
        if (!node.isObject()) {
            throw serialization("Expected map or null");
        }
        Shape value = model.shape(shape.value());
        ObjectNode typed = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            typed.set(entry.getKey(), entry.getValue().isNull() ? entry.getValue() : typed(value, entry.getValue(), encoding));
        }
        return typed;
    }

    private static JsonNode typedString(JsonNode node) {
        if (node.isTextual()) {
            return node;
        }
        throw containerOr(node, node.isBoolean() ? "class java.lang.Boolean can not be converted to an String"
            : "class java.math.BigDecimal can not be converted to an String");
    }

    private static JsonNode typedNumber(Shape shape, JsonNode node) {
        boolean isLong = shape.type().equals("long");
        String javaType = isLong ? "Long" : "Integer";
        if (node.isNumber()) {
            return isLong ? NODES.numberNode(wholeWithin(node, 0, Long.MIN_VALUE, Long.MAX_VALUE, "an Long"))
                : NODES.numberNode((int) wholeWithin(node, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "an Integer"));
        }
        throw containerOr(node, node.isBoolean() ? "class java.lang.Boolean can not be converted to an " + javaType
            : "class java.lang.String can not be converted to an " + javaType);
    }

    private static JsonNode typedBoolean(JsonNode node) {
        if (node.isBoolean()) {
            return node;
        }
        if (node.isTextual()) {
            throw serialization("'" + node.textValue().toUpperCase(java.util.Locale.ROOT) + "' can not be converted to an Boolean");
        }
        throw containerOr(node, "class java.math.BigDecimal can not be converted to an Boolean");
    }

    private static JsonNode typedBlob(JsonNode node) {
        if (node.isBinary()) {
            return node;
        }
        if (node.isTextual()) {
            return NODES.binaryNode(base64(node.textValue()));
        }
        throw containerOr(node, node.isBoolean() ? "class java.lang.Boolean can not be converted to a Blob"
            : "class java.math.BigDecimal can not be converted to a Blob");
    }

    /**
     * Strict standard base64, checked in Kinesis's order and with its words: length, then alphabet
     * (padding only at the end), then the unused low bits of the last character, which must be zero.
     * Text the JDK's strict decoder takes whole, with a clean ending, passes every one of those
     * checks, so it is decoded at once; the checks run, character by character, only to word a refusal.
     */
    private static byte[] base64(String text) {
        if (text.length() % 4 == 0) {
            try {
                byte[] bytes = Base64.getDecoder().decode(text);
                if (hasCleanEnding(text)) {
                    return bytes;
                }
            } catch (IllegalArgumentException notStrict) {
                // the checks below find what is wrong, and say it in Kinesis's words
            }
        }
        if (text.length() % 4 != 0) {
            throw notABlob(text, "Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean misplacedPadding = c == '=' && i + 1 < text.length() && text.charAt(i + 1) != '=';
            if (misplacedPadding || (c != '=' && base64Value(c) < 0)) {
                throw notABlob(text, "Invalid Base64 character: '" + c + "'");
            }
        }
        if (!hasCleanEnding(text)) {
            throw notABlob(text, "Invalid last non-pad Base64 character dectected");
        }
        return Base64.getDecoder().decode(text);
    }

    /** At most two padding characters, and the unused low bits of the last character before them zero. */
    private static boolean hasCleanEnding(String text) {
        int padding = 0;
        while (padding < text.length() && text.charAt(text.length() - 1 - padding) == '=') {
            padding++;
        }
        int unusedBits = padding == 2 ? 0b1111 : padding == 1 ? 0b11 : 0;
        return padding <= 2 && (padding == 0 || (base64Value(text.charAt(text.length() - 1 - padding)) & unusedBits) == 0);
    }

    private static KinesisException notABlob(String text, String reason) {
        return serialization("'" + text + "' can not be converted to a Blob: " + reason);
    }

    private static int base64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    /** JSON carries epoch seconds with a fraction; CBOR carries epoch milliseconds (WIRE.md §2.3, §3.2). */
    private static JsonNode typedTimestamp(JsonNode node, Encoding encoding) {
        if (node.isNumber()) {
            int secondsToMillis = encoding == Encoding.JSON ? 3 : 0;
            return NODES.numberNode(wholeWithin(node, secondsToMillis, Long.MIN_VALUE, Long.MAX_VALUE, "a Timestamp"));
        }
        throw containerOr(node, node.isBoolean() ? "class java.lang.Boolean can not be converted to a Timestamp"
            : "class java.lang.String can not be converted to a Timestamp");
    }

    /**
     * A number times 10^{@code shift}, floored to a whole one and held within {@code [min, max]}.
     * Like Kinesis, which reads numbers as truncating big numbers, a value beyond the Java type's
     * range becomes its bound rather than wrapping around. NaN, which a CBOR float can carry, is no
     * number at all.
     */
    private static long wholeWithin(JsonNode node, int shift, long min, long max, String target) {
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            double value = node.doubleValue();
            if (Double.isNaN(value)) {
                throw serialization("NaN can not be converted to " + target);
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? max : min;
            }
        }
        BigDecimal value = node.decimalValue().movePointRight(shift);
        if (value.compareTo(BigDecimal.valueOf(max)) >= 0) {
            return max;
        }
        if (value.compareTo(BigDecimal.valueOf(min)) <= 0) {
            return min;
        }
        return value.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static KinesisException containerOr(JsonNode node, String scalarMessage) {
        if (node.isArray()) {
            return serialization("Start of list found where not expected");
        }
        if (node.isObject()) {
            return serialization("Start of structure or map found where not expected.");
        }
        return serialization(scalarMessage);
    }

    private static KinesisException serialization(String message) {
        return ErrorCode.SERIALIZATION.exception(message);
    }

    // ---- pass 2: constraints -------------------------------------------------------------------
    //
    // Nothing here builds text unless a constraint is broken: the value as a message shows it and
    // the path to it ("records.3.member.data") are rendered only when an error is reported, so a
    // valid request costs no strings, whatever its size.

    private void checkStructure(Shape shape, JsonNode node, Location at, List<String> errors) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode value = node.get(member.getKey());
            at.enterMember(member.getKey());
            if (value == null || value.isNull()) {
                if (shape.required().contains(member.getKey())) {
                    report(errors, "null", at, "Member must not be null");
                }
            } else {
                checkValue(model.shape(member.getValue()), value, at, errors);
            }
            at.leave();
        }
    }

    private void checkValue(Shape shape, JsonNode value, Location at, List<String> errors) {
        switch (shape.type()) {
            case "string" -> checkString(shape, value, at, errors);
            case "integer", "long" -> checkRange(shape, value, at, errors);
            case "blob" -> checkLength(shape, binaryLength(value), value, at, errors);
            case "list" -> {
                Shape member = model.shape(shape.member());
                checkLength(shape, value.size(), value, at, errors);
                for (int i = 0; i < value.size(); i++) {
                    at.enterItem(i);
                    if (value.get(i).isNull()) {
                        report(errors, "null", at, "Member must not be null");
                    } else {
                        checkValue(member, value.get(i), at, errors);
                    }
                    at.leave();
                }
            }
            case "map" -> checkMap(shape, value, at, errors);
            case "structure" -> checkStructure(shape, value, at, errors);
            default -> {
            }
        }
    }

    private void checkString(Shape shape, JsonNode value, Location at, List<String> errors) {
        String text = value.textValue();
        if (shape.pattern().isPresent() && !shape.pattern().get().matcher(text).matches()) {
            report(errors, shown(shape, value), at, patternConstraint(shape));
        }
        if (shape.min().isPresent() && text.length() < shape.min().getAsLong()) {
            report(errors, shown(shape, value), at, minLengthConstraint(shape));
        }
        if (shape.max().isPresent() && text.length() > shape.max().getAsLong()) {
            report(errors, shown(shape, value), at, maxLengthConstraint(shape));
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            report(errors, shown(shape, value), at, enumConstraint(shape));
        }
    }

    /** Whether a string breaks none of its shape's constraints; the checks are {@link #checkString}'s. */
    private static boolean satisfies(Shape shape, String text) {
        return (shape.pattern().isEmpty() || shape.pattern().get().matcher(text).matches())
            && (shape.min().isEmpty() || text.length() >= shape.min().getAsLong())
            && (shape.max().isEmpty() || text.length() <= shape.max().getAsLong())
            && (shape.enumValues().isEmpty() || shape.enumValues().contains(text));
    }

    /** Every constraint of a string shape, listed as Kinesis lists them for map keys and values. */
    private static String stringConstraints(Shape shape) {
        List<String> constraints = new ArrayList<>();
        shape.max().ifPresent(max -> constraints.add(maxLengthConstraint(shape)));
        shape.min().ifPresent(min -> constraints.add(minLengthConstraint(shape)));
        shape.pattern().ifPresent(pattern -> constraints.add(patternConstraint(shape)));
        if (!shape.enumValues().isEmpty()) {
            constraints.add(enumConstraint(shape));
        }
        return "[" + String.join(", ", constraints) + "]";
    }

    private static String patternConstraint(Shape shape) {
        return "Member must satisfy regular expression pattern: " + shape.pattern().orElseThrow().pattern();
    }

    private static String minLengthConstraint(Shape shape) {
        return "Member must have length greater than or equal to " + shape.min().getAsLong();
    }

    private static String maxLengthConstraint(Shape shape) {
        return "Member must have length less than or equal to " + shape.max().getAsLong();
    }

    private static String enumConstraint(Shape shape) {
        return "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]";
    }

    /** The length bounds of a blob, list or map. */
    private void checkLength(Shape shape, long length, JsonNode value, Location at, List<String> errors) {
        if (shape.min().isPresent() && length < shape.min().getAsLong()) {
            report(errors, shown(shape, value), at, minLengthConstraint(shape));
        }
        if (shape.max().isPresent() && length > shape.max().getAsLong()) {
            report(errors, shown(shape, value), at, maxLengthConstraint(shape));
        }
    }

    /** Typed numbers are int or long nodes (pass 1 holds them within their Java type's range). */
    private void checkRange(Shape shape, JsonNode value, Location at, List<String> errors) {
        long number = value.longValue();
        if (shape.min().isPresent() && number < shape.min().getAsLong()) {
            report(errors, shown(shape, value), at, "Member must have value greater than or equal to " + shape.min().getAsLong());
        }
        if (shape.max().isPresent() && number > shape.max().getAsLong()) {
            report(errors, shown(shape, value), at, "Member must have value less than or equal to " + shape.max().getAsLong());
        }
    }

    /**
     * A map (in this model always string to string, as {@code TagMap}) is reported as a whole, the
     * way Kinesis does: its size, then at most one error for all its keys and one for all its values,
     * each listing every constraint of the key or value shape.
     */
    private void checkMap(Shape shape, JsonNode value, Location at, List<String> errors) {
        checkLength(shape, value.size(), value, at, errors);
        Shape key = model.shape(shape.key());
        Shape valueShape = model.shape(shape.value());
        boolean badKey = false;
        boolean badValue = false;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            badKey |= !satisfies(key, entry.getKey());
            badValue |= !entry.getValue().isNull() && !satisfies(valueShape, entry.getValue().textValue());
        }
        if (badKey) {
            report(errors, shown(shape, value), at, "Map keys must satisfy constraint: " + stringConstraints(key));
        }
        if (badValue) {
            report(errors, shown(shape, value), at, "Map value must satisfy constraint: " + stringConstraints(valueShape));
        }
    }

    private static void report(List<String> errors, String shownValue, Location at, String constraint) {
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add("Value " + shownValue + " at '" + at + "' failed to satisfy constraint: " + constraint);
        }
    }

    /** A value as Kinesis's messages show it, quotes included: as Java prints the value it deserialised. */
    private String shown(Shape shape, JsonNode value) {
        return switch (shape.type()) {
            case "blob" -> blobText(value);
            case "list" -> "'" + listText(value, model.shape(shape.member())) + "'";
            case "map" -> "'" + mapText(value) + "'";
            case "integer", "long" -> "'" + value.longValue() + "'";
            default -> "'" + value.textValue() + "'";
        };
    }

    /**
     * Where the check is in the request, as the members and list items it has entered, rendered only
     * for a message, the way Kinesis names them: {@code records.3.member.partitionKey}. One per
     * {@link #validate} call, entered and left as the check descends.
     */
    private static final class Location {
        private static final int INITIAL_DEPTH = 8;

        /** A member's name, or null for a list item. */
        private String[] members = new String[INITIAL_DEPTH];
        private int[] items = new int[INITIAL_DEPTH];
        private int depth;

        void enterMember(String name) {
            grow();
            members[depth] = name;
            depth++;
        }

        void enterItem(int index) {
            grow();
            members[depth] = null;
            items[depth] = index;
            depth++;
        }

        void leave() {
            depth--;
        }

        private void grow() {
            if (depth == members.length) {
                members = Arrays.copyOf(members, depth * 2);
                items = Arrays.copyOf(items, depth * 2);
            }
        }

        @Override
        public String toString() {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                if (i > 0) {
                    path.append('.');
                }
                if (members[i] == null) {
                    path.append(items[i] + 1).append(".member");
                } else {
                    path.append(lowerFirst(members[i]));
                }
            }
            return path.toString();
        }
    }

    private static int binaryLength(JsonNode value) {
        try {
            return value.binaryValue().length;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("blob node without bytes", e);
        }
    }

    private static String blobText(JsonNode value) {
        int length = binaryLength(value);
        return "'java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]'";
    }

    /**
     * A list as Java prints it in Kinesis's messages: strings as they are, structures by class name
     * and hash ({@code com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@1f}), never by content.
     */
    private static String listText(JsonNode value, Shape member) {
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            items.add(item.isTextual() ? item.textValue()
                : item.isObject() ? JAVA_PACKAGE + member.name() + "@" + Integer.toHexString(item.hashCode())
                : item.toString());
        }
        return "[" + String.join(", ", items) + "]";
    }

    /** A string map as Java prints it: {@code {key=value, other=value}}. */
    private static String mapText(JsonNode value) {
        List<String> entries = new ArrayList<>(value.size());
        value.properties().forEach(entry -> entries.add(entry.getKey() + "=" + entry.getValue().asText()));
        return "{" + String.join(", ", entries) + "}";
    }

    static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
