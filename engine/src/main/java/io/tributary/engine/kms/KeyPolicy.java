package io.tributary.engine.kms;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which principals may use a key for which action: for each {@link KmsAction}, a list of principal
 * patterns. A pattern is a principal ARN ({@code arn:aws:iam::123456789012:user/alice}), an
 * account's root ({@code arn:aws:iam::123456789012:root}, meaning every principal of that account,
 * as the default KMS key policy reads), or {@code *} for everyone. No pattern, no permission.
 */
public record KeyPolicy(Map<KmsAction, List<String>> principals) {

    public KeyPolicy {
        EnumMap<KmsAction, List<String>> copy = new EnumMap<>(KmsAction.class);
        principals.forEach((action, patterns) -> copy.put(action, List.copyOf(patterns)));
        principals = java.util.Collections.unmodifiableMap(copy);
    }

    /** The default policy of a key: every principal of the key's own account, for every action. */
    public static KeyPolicy accountRoot(String accountId) {
        String root = "arn:aws:iam::" + accountId + ":root";
        Map<KmsAction, List<String>> all = new EnumMap<>(KmsAction.class);
        for (KmsAction action : KmsAction.values()) {
            all.put(action, List.of(root));
        }
        return new KeyPolicy(all);
    }

    /** Whether the policy lets {@code principalArn} perform {@code action} with the key. */
    public boolean allows(String principalArn, KmsAction action) {
        for (String pattern : principals.getOrDefault(action, List.of())) {
            if (pattern.equals("*") || pattern.equals(principalArn) || isRootOf(pattern, principalArn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRootOf(String pattern, String principalArn) {
        if (!pattern.startsWith("arn:aws:iam::") || !pattern.endsWith(":root")) {
            return false;
        }
        String[] rootParts = pattern.split(":", 6);
        String[] principalParts = principalArn.split(":", 6);
        return principalParts.length == 6 && principalParts[0].equals("arn") && principalParts[4].equals(rootParts[4]);
    }
}
