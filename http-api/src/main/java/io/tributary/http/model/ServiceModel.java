package io.tributary.http.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The official Kinesis service model (botocore's {@code kinesis-service-2.json}, shipped as a
 * resource), read once: which operations exist, and the shapes and constraints of their inputs.
 * Request validation is driven by this data rather than by hand-written rules.
 */
public final class ServiceModel {
    private static final String RESOURCE = "/kinesis/kinesis-service-2.json";

    private final String targetPrefix;
    private final Map<String, Optional<String>> operationInputs;
    private final Map<String, Shape> shapes;

    private ServiceModel(String targetPrefix, Map<String, Optional<String>> operationInputs, Map<String, Shape> shapes) {
        this.targetPrefix = targetPrefix;
        this.operationInputs = operationInputs;
        this.shapes = shapes;
    }

    public static ServiceModel load() {
        try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("service model resource missing: " + RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service model", e);
        }
    }

    /** The X-Amz-Target service prefix, {@code Kinesis_20131202}. */
    public String targetPrefix() {
        return targetPrefix;
    }

    public boolean hasOperation(String name) {
        return operationInputs.containsKey(name);
    }

    public Set<String> operations() {
        return operationInputs.keySet();
    }

    /** The input structure of an operation; empty for operations that take no input. */
    public Optional<Shape> input(String operation) {
        return operationInputs.getOrDefault(operation, Optional.empty()).map(this::shape);
    }

    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name + " in the service model");
        }
        return shape;
    }

    private static ServiceModel parse(JsonNode root) {
        Map<String, Optional<String>> inputs = new LinkedHashMap<>();
        root.get("operations").properties().forEach(entry -> inputs.put(entry.getKey(),
            Optional.ofNullable(entry.getValue().path("input").path("shape").textValue())));
        Map<String, Shape> shapes = new HashMap<>();
        root.get("shapes").properties().forEach(entry -> shapes.put(entry.getKey(), shape(entry.getKey(), entry.getValue())));
        return new ServiceModel(root.get("metadata").get("targetPrefix").textValue(), inputs, shapes);
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, String> members = new LinkedHashMap<>();
        node.path("members").properties().forEach(entry -> members.put(entry.getKey(), entry.getValue().get("shape").textValue()));
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(item -> required.add(item.textValue()));
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(item -> enumValues.add(item.textValue()));
        return new Shape(
            name,
            node.get("type").textValue(),
            node.has("min") ? OptionalLong.of(node.get("min").longValue()) : OptionalLong.empty(),
            node.has("max") ? OptionalLong.of(node.get("max").longValue()) : OptionalLong.empty(),
            Optional.ofNullable(node.path("pattern").textValue()).map(Pattern::compile),
            List.copyOf(enumValues),
            members,
            required,
            node.path("member").path("shape").textValue(),
            node.path("key").path("shape").textValue(),
            node.path("value").path("shape").textValue());
    }
}
