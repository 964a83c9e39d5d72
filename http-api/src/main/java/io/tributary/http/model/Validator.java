package io.tributary.http.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.http.protocol.Encoding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
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
        checkStructure(input, typed, "", errors);
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
            return isLong ? NODES.numberNode(wholeWithin(node, 0, Long.MIN_VALUE, Long.MAX_VALUE, "an " + javaType))
                : NODES.numberNode((int) wholeWithin(node, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "an " + javaType));
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
     */
    private static byte[] base64(String text) {
        String prefix = "'" + text + "' can not be converted to a Blob: ";
        if (text.length() % 4 != 0) {
            throw serialization(prefix + "Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean misplacedPadding = c == '=' && i + 1 < text.length() && text.charAt(i + 1) != '=';
            if (misplacedPadding || (c != '=' && base64Value(c) < 0)) {
                throw serialization(prefix + "Invalid Base64 character: '" + c + "'");
            }
        }
        int padding = 0;
        while (padding < text.length() && text.charAt(text.length() - 1 - padding) == '=') {
            padding++;
        }
        int unusedBits = padding == 2 ? 0b1111 : padding == 1 ? 0b11 : 0;
        if (padding > 2 || (padding > 0 && (base64Value(text.charAt(text.length() - 1 - padding)) & unusedBits) != 0)) {
            throw serialization(prefix + "Invalid last non-pad Base64 character dectected");
        }
        return Base64.getDecoder().decode(text);
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

    private void checkStructure(Shape shape, JsonNode node, String parent, List<String> errors) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode value = node.get(member.getKey());
            String path = parent + lowerFirst(member.getKey());
            if (value == null || value.isNull()) {
                if (shape.required().contains(member.getKey())) {
                    report(errors, "null", path, "Member must not be null");
                }
                continue;
            }
            checkValue(model.shape(member.getValue()), value, path, errors);
        }
    }

    private void checkValue(Shape shape, JsonNode value, String path, List<String> errors) {
        switch (shape.type()) {
            case "string" -> checkString(shape, value.textValue(), path, errors);
            case "integer", "long" -> checkRange(shape, value, path, errors);
            case "blob" -> checkLength(shape, binaryLength(value), blobText(value), path, errors);
            case "list" -> {
                Shape member = model.shape(shape.member());
                checkLength(shape, value.size(), "'" + listText(value, member) + "'", path, errors);
                for (int i = 0; i < value.size(); i++) {
                    String itemPath = path + "." + (i + 1) + ".member";
                    if (value.get(i).isNull()) {
                        report(errors, "null", itemPath, "Member must not be null");
                    } else {
                        checkValue(member, value.get(i), itemPath, errors);
                    }
                }
            }
            case "map" -> checkMap(shape, value, path, errors);
            case "structure" -> checkStructure(shape, value, path + ".", errors);
            default -> {
            }
        }
    }

    private static void checkString(Shape shape, String text, String path, List<String> errors) {
        for (String violated : stringViolations(shape, text)) {
            report(errors, "'" + text + "'", path, violated);
        }
    }

    /** The constraints a string breaks, in the order Kinesis reports them. */
    private static List<String> stringViolations(Shape shape, String text) {
        List<String> violated = new ArrayList<>();
        shape.pattern().filter(pattern -> !pattern.matcher(text).matches())
            .ifPresent(pattern -> violated.add(patternConstraint(shape)));
        if (shape.min().isPresent() && text.length() < shape.min().getAsLong()) {
            violated.add(minLengthConstraint(shape));
        }
        if (shape.max().isPresent() && text.length() > shape.max().getAsLong()) {
            violated.add(maxLengthConstraint(shape));
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            violated.add(enumConstraint(shape));
        }
        return violated;
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

    private static void checkLength(Shape shape, long length, String shown, String path, List<String> errors) {
        if (shape.min().isPresent() && length < shape.min().getAsLong()) {
            report(errors, shown, path, minLengthConstraint(shape));
        }
        if (shape.max().isPresent() && length > shape.max().getAsLong()) {
            report(errors, shown, path, maxLengthConstraint(shape));
        }
    }

    private static void checkRange(Shape shape, JsonNode value, String path, List<String> errors) {
        BigInteger number = value.bigIntegerValue();
        String shown = "'" + number + "'";
        if (shape.min().isPresent() && number.compareTo(BigInteger.valueOf(shape.min().getAsLong())) < 0) {
            report(errors, shown, path, "Member must have value greater than or equal to " + shape.min().getAsLong());
        }
        if (shape.max().isPresent() && number.compareTo(BigInteger.valueOf(shape.max().getAsLong())) > 0) {
            report(errors, shown, path, "Member must have value less than or equal to " + shape.max().getAsLong());
        }
    }

    /**
     * A map (in this model always string to string, as {@code TagMap}) is reported as a whole, the
     * way Kinesis does: its size, then at most one error for all its keys and one for all its values,
     * each listing every constraint of the key or value shape.
     */
    private void checkMap(Shape shape, JsonNode value, String path, List<String> errors) {
        String shown = "'" + mapText(value) + "'";
        checkLength(shape, value.size(), shown, path, errors);
        Shape key = model.shape(shape.key());
        Shape valueShape = model.shape(shape.value());
        boolean badKey = false;
        boolean badValue = false;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            badKey |= !stringViolations(key, entry.getKey()).isEmpty();
            badValue |= !entry.getValue().isNull() && !stringViolations(valueShape, entry.getValue().textValue()).isEmpty();
        }
        if (badKey) {
            report(errors, shown, path, "Map keys must satisfy constraint: " + stringConstraints(key));
        }
        if (badValue) {
            report(errors, shown, path, "Map value must satisfy constraint: " + stringConstraints(valueShape));
        }
    }

    private static void report(List<String> errors, String shownValue, String path, String constraint) {
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add("Value " + shownValue + " at '" + path + "' failed to satisfy constraint: " + constraint);
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
