package io.tributary.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code --credentials-file}: JSON, or YAML when the name ends in {@code .yaml} or
 * {@code .yml}, of this shape:
 *
 * <pre>
 * {"identities": [
 *   {"accessKeyId": "AKIAALICE", "secretAccessKey": "...", "accountId": "123456789012",
 *    "principalArn": "arn:aws:iam::123456789012:user/alice", "sessionToken": "optional",
 *    "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}]}]}
 * ]}
 * </pre>
 */
public final class CredentialsFile {
    private CredentialsFile() {
    }

    /** The identities by access key id, or {@link IllegalArgumentException} naming what is wrong. */
    public static Map<String, Identity> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : new ObjectMapper();
        JsonNode root = mapper.readTree(Files.readAllBytes(file));
        if (root == null || !root.path("identities").isArray()) {
            throw new IllegalArgumentException("a credentials file holds {\"identities\": [...]}");
        }
        Map<String, Identity> identities = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode entry : root.get("identities")) {
            Identity identity = identity(entry, index++);
            if (identities.put(identity.accessKeyId(), identity) != null) {
                throw new IllegalArgumentException("access key id " + identity.accessKeyId() + " appears twice");
            }
        }
        return identities;
    }

    private static Identity identity(JsonNode entry, int index) {
        String where = "identity " + index + ": ";
        String account = required(entry, "accountId", where);
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException(where + "accountId must be 12 digits");
        }
        String principal = required(entry, "principalArn", where);
        if (!principal.matches("arn:aws:(iam|sts)::" + account + ":.+")) {
            throw new IllegalArgumentException(where + "principalArn must be an IAM or STS ARN of account " + account);
        }
        List<Policy> policies = new ArrayList<>();
        for (JsonNode document : entry.path("policies")) {
            try {
                policies.add(Policy.parse(document, false));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + "policy " + policies.size() + ": " + bad.getMessage());
            }
        }
        Optional<String> token = Optional.ofNullable(entry.get("sessionToken")).map(JsonNode::asText).filter(text -> !text.isEmpty());
        return new Identity(required(entry, "accessKeyId", where), required(entry, "secretAccessKey", where), account, principal,
            token, policies);
    }

    private static String required(JsonNode entry, String field, String where) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new IllegalArgumentException(where + field + " is required");
        }
        return value.textValue();
    }
}
