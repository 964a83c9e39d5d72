package io.tributary.http.model;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.http.protocol.Encoding;
import java.math.BigDecimal;
import java.util.ArrayList;
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
 *       become bytes and timestamps epoch milliseconds, whatever the encoding.</li>
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
        String javaType = shape.type().equals("long") ? "Long" : "Integer";
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().setScale(0, java.math.RoundingMode.FLOOR);
            return NODES.numberNode(value.toBigInteger());
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
            String text = node.textValue();
            if (text.length() % 4 != 0) {
                throw serialization("'" + text + "' can not be converted to a Blob: Base64 encoded length is expected a"
                    + " multiple of 4 bytes but found: " + text.length());
            }
            try {
                return NODES.binaryNode(Base64Variants.MIME_NO_LINEFEEDS.decode(text));
            } catch (IllegalArgumentException e) {
                throw serialization("'" + text + "' can not be converted to a Blob: " + e.getMessage());
            }
        }
        throw containerOr(node, node.isBoolean() ? "class java.lang.Boolean can not be converted to a Blob"
            : "class java.math.BigDecimal can not be converted to a Blob");
    }

    /** JSON carries epoch seconds with a fraction; CBOR carries epoch milliseconds (WIRE.md §2.3, §3.2). */
    private static JsonNode typedTimestamp(JsonNode node, Encoding encoding) {
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            long millis = encoding == Encoding.JSON ? value.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValue()
                : value.longValue();
            return NODES.numberNode(millis);
        }
        throw containerOr(node, node.isBoolean() ? "class java.lang.Boolean can not be converted to a Timestamp"
            : "class java.lang.String can not be converted to a Timestamp");
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
                checkLength(shape, value.size(), listText(value), path, errors);
                Shape member = model.shape(shape.member());
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
        String quoted = "'" + text + "'";
        shape.pattern().filter(pattern -> !pattern.matcher(text).matches()).ifPresent(pattern ->
            report(errors, quoted, path, "Member must satisfy regular expression pattern: " + pattern.pattern()));
        checkLength(shape, text.length(), quoted, path, errors);
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            report(errors, quoted, path, "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]");
        }
    }

    private static void checkLength(Shape shape, long length, String shown, String path, List<String> errors) {
        if (shape.min().isPresent() && length < shape.min().getAsLong()) {
            report(errors, shown, path, "Member must have length greater than or equal to " + shape.min().getAsLong());
        }
        if (shape.max().isPresent() && length > shape.max().getAsLong()) {
            report(errors, shown, path, "Member must have length less than or equal to " + shape.max().getAsLong());
        }
    }

    private static void checkRange(Shape shape, JsonNode value, String path, List<String> errors) {
        java.math.BigInteger number = value.bigIntegerValue();
        String shown = "'" + number + "'";
        if (shape.min().isPresent() && number.compareTo(java.math.BigInteger.valueOf(shape.min().getAsLong())) < 0) {
            report(errors, shown, path, "Member must have value greater than or equal to " + shape.min().getAsLong());
        }
        if (shape.max().isPresent() && number.compareTo(java.math.BigInteger.valueOf(shape.max().getAsLong())) > 0) {
            report(errors, shown, path, "Member must have value less than or equal to " + shape.max().getAsLong());
        }
    }

    private void checkMap(Shape shape, JsonNode value, String path, List<String> errors) {
        checkLength(shape, value.size(), "'" + value + "'", path, errors);
        Shape key = model.shape(shape.key());
        Shape valueShape = model.shape(shape.value());
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            checkString(key, entry.getKey(), path + ".key", errors);
            if (!entry.getValue().isNull()) {
                checkValue(valueShape, entry.getValue(), path + "." + entry.getKey(), errors);
            }
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

    private static String listText(JsonNode value) {
        List<String> items = new ArrayList<>(value.size());
        value.forEach(item -> items.add(item.isTextual() ? item.textValue() : item.toString()));
        return "'[" + String.join(", ", items) + "]'";
    }

    static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
