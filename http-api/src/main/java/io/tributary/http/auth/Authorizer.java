package io.tributary.http.auth;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.StreamState;
import io.tributary.http.protocol.Input;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a caller may perform an action on a resource, as IAM evaluates identity and
 * resource policies together:
 *
 * <ol>
 *   <li>an explicit Deny in any identity policy, or in the resource's policy for this caller, denies;</li>
 *   <li>within the resource's account, an Allow in an identity policy allows, and so does one in the
 *       resource policy that names the caller's own ARN (one naming only the account leaves the
 *       decision to the account's identity policies, as in IAM);</li>
 *   <li>for a caller of another account, both must allow: its identity policy and the resource
 *       policy (naming its ARN or its account);</li>
 *   <li>anything else is denied implicitly.</li>
 * </ol>
 *
 * Denials are AccessDeniedException in AWS's words. Operator endpoints ask for the action
 * {@value #ADMIN_ACTION} on resource {@code *}.
 *
 * <p>Concurrency: thread-safe; the cache of parsed resource policies is a concurrent map keyed by
 * the policy text, so a changed policy is parsed anew.
 */
public final class Authorizer {
    public static final String ADMIN_ACTION = "tributary:Admin";
    private static final int MAX_CACHED_POLICIES = 1024;

    private final ResourceArns resources;
    private final String accountId;
    private final Map<String, Policy> parsed = new ConcurrentHashMap<>();

    public Authorizer(ResourceArns resources, String accountId) {
        this.resources = resources;
        this.accountId = accountId;
    }

    /** Checks a Kinesis operation; nothing to check when authentication is off. */
    public void authorize(String operation, Input input, Optional<Identity> identity) {
        if (identity.isEmpty()) {
            return;
        }
        String resource = resources.of(operation, input);
        check(identity.get(), "kinesis:" + operation, resource, resourcePolicy(resource));
    }

    /** Checks one action on one resource, with the resource's policy if it has one (the routes beside the API). */
    public void authorize(Identity identity, String action, String resource) {
        check(identity, action, resource, resourcePolicy(resource));
    }

    private void check(Identity identity, String action, String resource, Optional<Policy> resourcePolicy) {
        Caller caller = identity.caller();
        boolean identityAllows = false;
        boolean identityDenies = false;
        for (Policy policy : identity.policies()) {
            for (Policy.Statement statement : policy.statements()) {
                if (statement.matches(action, resource)) {
                    identityAllows |= statement.effect() == Policy.Effect.ALLOW;
                    identityDenies |= statement.effect() == Policy.Effect.DENY;
                }
            }
        }
        boolean resourceAllows = false;
        boolean resourceAllowsPrincipal = false;
        boolean resourceDenies = false;
        for (Policy.Statement statement : resourcePolicy.map(Policy::statements).orElse(List.of())) {
            if (statement.names(caller) && statement.matches(action, resource)) {
                resourceAllows |= statement.effect() == Policy.Effect.ALLOW;
                resourceAllowsPrincipal |= statement.effect() == Policy.Effect.ALLOW && statement.namesPrincipal(caller);
                resourceDenies |= statement.effect() == Policy.Effect.DENY;
            }
        }
        String denied = "User: " + caller.principalArn() + " is not authorized to perform: " + action + " on resource: " + resource;
        if (identityDenies) {
            throw ErrorCode.ACCESS_DENIED.exception(denied + " with an explicit deny in an identity-based policy");
        }
        if (resourceDenies) {
            throw ErrorCode.ACCESS_DENIED.exception(denied + " with an explicit deny in a resource-based policy");
        }
        boolean sameAccount = caller.accountId().equals(accountId);
        if (sameAccount ? identityAllows || resourceAllowsPrincipal : identityAllows && resourceAllows) {
            return;
        }
        if (!identityAllows) {
            throw ErrorCode.ACCESS_DENIED.exception(denied + " because no identity-based policy allows the " + action + " action");
        }
        throw ErrorCode.ACCESS_DENIED.exception(denied + " because no resource-based policy allows the " + action + " action");
    }

    /** The policy of the stream or consumer {@code arn} names, if it exists and has one. */
    private Optional<Policy> resourcePolicy(String arn) {
        Optional<StreamState> stream = resources.streamOf(arn);
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> text = arn.contains("/consumer/")
            ? stream.get().consumerByArn(arn).flatMap(ConsumerState::resourcePolicy)
            : stream.get().resourcePolicy();
        return text.map(this::parsed);
    }

    private Policy parsed(String text) {
        Policy policy = parsed.get(text);
        if (policy == null) {
            policy = Policy.parse(text, true);
            if (parsed.size() >= MAX_CACHED_POLICIES) {
                parsed.clear();
            }
            parsed.put(text, policy);
        }
        return policy;
    }
}
