package io.tributary.http.auth;

import java.util.List;
import java.util.Optional;

/**
 * One entry of the credentials file: an access key, the principal it belongs to, and the identity
 * policies attached to that principal.
 *
 * @param sessionToken present for temporary (session) credentials, which must send it as
 *                     {@code X-Amz-Security-Token}
 */
public record Identity(
    String accessKeyId,
    String secretAccessKey,
    String accountId,
    String principalArn,
    Optional<String> sessionToken,
    List<Policy> policies) {

    public Identity {
        policies = List.copyOf(policies);
    }

    public Caller caller() {
        return new Caller(principalArn, accountId, accessKeyId);
    }

    @Override
    public String toString() {
        return "Identity[" + accessKeyId + " " + principalArn + "]";
    }
}
