package io.tributary.http.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.http.auth.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A request's members after validation against the service model: every member present has its
 * model type, blobs are bytes and timestamps epoch milliseconds whatever the wire encoding was.
 * Members named here must exist in the operation's input shape. It also names who sent the request,
 * when authentication is on.
 */
public final class Input {
    private final ObjectNode members;
    private final Optional<Caller> caller;

    public Input(ObjectNode members) {
        this(members, Optional.empty());
    }

    public Input(ObjectNode members, Optional<Caller> caller) {
        this.members = members;
        this.caller = caller;
    }

    /** The principal whose signature was verified; empty when authentication is off. */
    public Optional<Caller> caller() {
        return caller;
    }

    public boolean has(String member) {
        return members.hasNonNull(member);
    }

    public Optional<String> string(String member) {
        return node(member).map(JsonNode::textValue);
    }

    /** A member the model marks required; validation has already rejected requests without it. */
    public String requiredString(String member) {
        return string(member).orElseThrow(() -> new IllegalStateException(member + " passed validation absent"));
    }

    public OptionalInt integer(String member) {
        return node(member).map(node -> OptionalInt.of(node.intValue())).orElse(OptionalInt.empty());
    }

    public OptionalLong timestampMillis(String member) {
        return node(member).map(node -> OptionalLong.of(node.longValue())).orElse(OptionalLong.empty());
    }

    public boolean bool(String member) {
        return node(member).map(JsonNode::booleanValue).orElse(false);
    }

    public byte[] blob(String member) {
        return node(member).map(Input::bytes).orElseThrow(() -> new IllegalStateException(member + " passed validation absent"));
    }

    public Optional<Input> structure(String member) {
        return node(member).map(node -> new Input((ObjectNode) node, caller));
    }

    public List<Input> structures(String member) {
        List<Input> list = new ArrayList<>();
        node(member).ifPresent(array -> array.forEach(item -> list.add(new Input((ObjectNode) item, caller))));
        return list;
    }

    public List<String> strings(String member) {
        List<String> list = new ArrayList<>();
        node(member).ifPresent(array -> array.forEach(item -> list.add(item.textValue())));
        return list;
    }

    public Map<String, String> stringMap(String member) {
        Map<String, String> map = new LinkedHashMap<>();
        node(member).ifPresent(object -> object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().textValue())));
        return map;
    }

    private Optional<JsonNode> node(String member) {
        JsonNode node = members.get(member);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("blob passed validation undecodable", e);
        }
    }
}
