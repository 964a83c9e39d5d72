package io.tributary.http.auth;

/**
 * Who sent a request, as its verified SigV4 signature proves: the principal's ARN (for example
 * {@code arn:aws:iam::123456789012:user/alice}), its account and the access key id it signed with.
 * Operations reach it as {@code input.caller()}, which is empty when authentication is off.
 */
public record Caller(String principalArn, String accountId, String accessKeyId) {
}
