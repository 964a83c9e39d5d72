package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.http.auth.Policy;

/**
 * The rules a resource policy must follow before PutResourcePolicy stores it: a JSON policy
 * document of at most {@value #MAX_POLICY_CHARS} characters whose statements each name principals,
 * allow or deny only {@code kinesis:} actions, and grant nothing to everyone (Kinesis refuses
 * policies that make a stream public).
 */
public final class ResourcePolicies {
    /** Kinesis's limit on a resource policy: 20 KiB. */
    public static final int MAX_POLICY_CHARS = 20 * 1024;

    private ResourcePolicies() {
    }

    /** The policy, checked; InvalidArgumentException saying what is wrong otherwise. */
    public static Policy validated(String text) {
        if (text.length() > MAX_POLICY_CHARS) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Policy size exceeds the maximum of " + MAX_POLICY_CHARS + " characters.");
        }
        Policy policy;
        try {
            policy = Policy.parse(text, true);
        } catch (IllegalArgumentException bad) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid policy document: " + bad.getMessage() + ".");
        }
        for (Policy.Statement statement : policy.statements()) {
            if (statement.effect() == Policy.Effect.ALLOW && statement.principals().contains("*")) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Invalid policy document: a resource policy must not grant access to"
                    + " every principal (\"*\"), which would make the resource public.");
            }
            boolean kinesisOnly = statement.actions().stream().allMatch(action -> action.pattern().startsWith("\\Qkinesis:"));
            if (!kinesisOnly || statement.notAction()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Invalid policy document: a resource policy may only name kinesis:"
                    + " actions.");
            }
        }
        return policy;
    }
}
