package io.tributary.http.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An IAM-style policy document: a version and statements that allow or deny actions on resources,
 * and, in a resource policy, to principals. Actions match case-insensitively, resources
 * case-sensitively; both take the {@code *} and {@code ?} wildcards. {@code NotAction} and
 * {@code NotResource} are supported; {@code Condition} is not, and a document with one is refused
 * rather than read as if it had none.
 *
 * <p>Concurrency: immutable.
 */
public record Policy(List<Statement> statements) {
    public static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_KEYS =
        Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition");

    public Policy {
        statements = List.copyOf(statements);
    }

    /** Allow or Deny. */
    public enum Effect {
        ALLOW, DENY
    }

    /**
     * One statement. {@code principals} is empty in identity policies; in resource policies it holds
     * {@code *}, account ids and principal ARNs.
     */
    public record Statement(Effect effect, List<Pattern> actions, boolean notAction, List<Pattern> resources,
                            boolean notResource, List<String> principals) {

        public boolean matches(String action, String resource) {
            boolean actionMatches = actions.stream().anyMatch(pattern -> pattern.matcher(action).matches()) != notAction;
            boolean resourceMatches = resources.stream().anyMatch(pattern -> pattern.matcher(resource).matches()) != notResource;
            return actionMatches && resourceMatches;
        }

        /** Whether the statement's Principal names {@code caller} by its own ARN, not only by its account. */
        public boolean namesPrincipal(Caller caller) {
            return principals.contains(caller.principalArn());
        }

        /** Whether the statement's Principal names {@code caller}: by {@code *}, its account, or its ARN. */
        public boolean names(Caller caller) {
            for (String principal : principals) {
                if (principal.equals("*") || principal.equals(caller.accountId())
                    || principal.equals("arn:aws:iam::" + caller.accountId() + ":root")
                    || principal.equals(caller.principalArn())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A policy from its JSON text, or {@link IllegalArgumentException} saying what is wrong with it. */
    public static Policy parse(String text, boolean resourcePolicy) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the policy is not valid JSON");
        }
        return parse(tree, resourcePolicy);
    }

    public static Policy parse(JsonNode tree, boolean resourcePolicy) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("the policy must be a JSON object");
        }
        JsonNode version = tree.get("Version");
        if (version != null && !(version.isTextual() && VERSIONS.contains(version.textValue()))) {
            throw new IllegalArgumentException("the policy Version must be 2012-10-17 or 2008-10-17");
        }
        JsonNode statementNode = tree.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray()) || statementNode.isEmpty()) {
            throw new IllegalArgumentException("the policy must have a Statement");
        }
        List<Statement> statements = new ArrayList<>();
        if (statementNode.isObject()) {
            statements.add(statement(statementNode, resourcePolicy));
        } else {
            statementNode.forEach(node -> statements.add(statement(node, resourcePolicy)));
        }
        return new Policy(statements);
    }

    private static Statement statement(JsonNode node, boolean resourcePolicy) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("each Statement must be a JSON object");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!STATEMENT_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown statement element " + key);
            }
        });
        if (node.has("Condition")) {
            throw new IllegalArgumentException("Condition is not supported by Tributary");
        }
        if (node.has("NotPrincipal")) {
            throw new IllegalArgumentException("NotPrincipal is not supported by Tributary");
        }
        JsonNode effectNode = node.get("Effect");
        Effect effect;
        if (effectNode != null && "Allow".equals(effectNode.textValue())) {
            effect = Effect.ALLOW;
        } else if (effectNode != null && "Deny".equals(effectNode.textValue())) {
            effect = Effect.DENY;
        } else {
            throw new IllegalArgumentException("each Statement needs an Effect of Allow or Deny");
        }
        boolean notAction = oneOf(node, "Action", "NotAction");
        List<Pattern> actions = new ArrayList<>();
        for (String action : strings(node.get(notAction ? "NotAction" : "Action"), "Action")) {
            if (!action.equals("*") && !action.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
                throw new IllegalArgumentException("invalid action " + action);
            }
            actions.add(Pattern.compile(glob(action), Pattern.CASE_INSENSITIVE));
        }
        List<Pattern> resources = new ArrayList<>();
        boolean notResource = false;
        if (node.has("Resource") || node.has("NotResource")) {
            notResource = oneOf(node, "Resource", "NotResource");
            for (String resource : strings(node.get(notResource ? "NotResource" : "Resource"), "Resource")) {
                if (!resource.equals("*") && !resource.startsWith("arn:")) {
                    throw new IllegalArgumentException("invalid resource " + resource);
                }
                resources.add(Pattern.compile(glob(resource)));
            }
        } else if (!resourcePolicy) {
            throw new IllegalArgumentException("each identity policy Statement needs a Resource");
        } else {
            resources.add(Pattern.compile(".*"));
        }
        List<String> principals = principals(node.get("Principal"), resourcePolicy);
        return new Statement(effect, actions, notAction, resources, notResource, principals);
    }

    private static List<String> principals(JsonNode node, boolean resourcePolicy) {
        if (!resourcePolicy) {
            if (node != null) {
                throw new IllegalArgumentException("an identity policy must not name a Principal");
            }
            return List.of();
        }
        if (node == null) {
            throw new IllegalArgumentException("each resource policy Statement needs a Principal");
        }
        if (node.isTextual() && node.textValue().equals("*")) {
            return List.of("*");
        }
        if (!node.isObject() || node.size() != 1 || !node.has("AWS")) {
            throw new IllegalArgumentException("Principal must be \"*\" or {\"AWS\": ...}");
        }
        List<String> principals = strings(node.get("AWS"), "Principal");
        for (String principal : principals) {
            boolean valid = principal.equals("*") || principal.matches("\\d{12}")
                || principal.matches("arn:aws:(iam|sts)::\\d{12}:.+");
            if (!valid) {
                throw new IllegalArgumentException("Invalid principal in policy: " + principal);
            }
        }
        return principals;
    }

    private static boolean oneOf(JsonNode node, String element, String negated) {
        if (node.has(element) == node.has(negated)) {
            throw new IllegalArgumentException("each Statement needs exactly one of " + element + " and " + negated);
        }
        return node.has(negated);
    }

    private static List<String> strings(JsonNode node, String element) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isTextual()) {
            values.add(node.textValue());
        } else if (node != null && node.isArray() && !node.isEmpty()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException(element + " must be a string or a list of strings");
                }
                values.add(item.textValue());
            }
        } else {
            throw new IllegalArgumentException(element + " must be a string or a non-empty list of strings");
        }
        return values;
    }

    /** A regular expression for an IAM wildcard pattern: {@code *} any run, {@code ?} any one character. */
    static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }
}
