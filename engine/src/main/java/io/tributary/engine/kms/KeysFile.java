package io.tributary.engine.kms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The keys a {@code --keys-file} declares (JSON; README "Encryption at rest"): id, aliases, state and
 * key policy of each key, never its material, which Tributary makes and keeps wrapped in the data
 * directory.
 *
 * <pre>
 * {"keys": [{"keyId": "9a1c…-uuid", "aliases": ["alias/orders"], "state": "Enabled",
 *            "policy": {"kms:GenerateDataKey": ["arn:aws:iam::123456789012:user/alice"],
 *                       "kms:Decrypt": ["arn:aws:iam::123456789012:root"]}}]}
 * </pre>
 */
public final class KeysFile {
    /** One declared key. */
    public record Declared(String keyId, List<String> aliases, KeyState state, KeyPolicy policy) {
    }

    private KeysFile() {
    }

    /** Reads and checks the file. Blocking. */
    public static List<Declared> read(Path file, String accountId) throws IOException {
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(file));
        } catch (RuntimeException malformed) {
            throw new IOException("keys file " + file + " is not a JSON object: " + malformed.getMessage(), malformed);
        }
        try {
            return parse(json, accountId);
        } catch (RuntimeException bad) {
            throw new IOException("keys file " + file + ": " + bad.getMessage(), bad);
        }
    }

    static List<Declared> parse(JsonObject json, String accountId) {
        List<Declared> keys = new ArrayList<>();
        for (Object item : json.getJsonArray("keys", new JsonArray())) {
            JsonObject key = (JsonObject) item;
            String keyId = key.getString("keyId");
            if (keyId == null || !isUuid(keyId)) {
                throw new IllegalArgumentException("every key needs a keyId that is a UUID, not " + keyId);
            }
            List<String> aliases = new ArrayList<>();
            for (Object alias : key.getJsonArray("aliases", new JsonArray())) {
                String name = String.valueOf(alias);
                if (!name.startsWith("alias/") || name.startsWith("alias/aws/") || name.length() <= "alias/".length()) {
                    throw new IllegalArgumentException("alias " + name + " of key " + keyId
                        + " must start with alias/ and not with alias/aws/");
                }
                aliases.add(name);
            }
            KeyState state = KeyState.ofKmsName(key.getString("state", KeyState.ENABLED.kmsName()));
            JsonObject policy = key.getJsonObject("policy");
            keys.add(new Declared(keyId, aliases, state, policy == null ? KeyPolicy.accountRoot(accountId) : policy(policy)));
        }
        return keys;
    }

    static KeyPolicy policy(JsonObject json) {
        Map<KmsAction, List<String>> principals = new EnumMap<>(KmsAction.class);
        for (String action : json.fieldNames()) {
            List<String> patterns = new ArrayList<>();
            for (Object principal : json.getJsonArray(action)) {
                patterns.add(String.valueOf(principal));
            }
            principals.put(KmsAction.ofPolicyName(action), patterns);
        }
        return new KeyPolicy(principals);
    }

    static JsonObject policyJson(KeyPolicy policy) {
        JsonObject json = new JsonObject();
        policy.principals().forEach((action, patterns) -> json.put(action.policyName(), new JsonArray(new ArrayList<>(patterns))));
        return json;
    }

    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(text).toString().equals(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notUuid) {
            return false;
        }
    }
}
