package io.tributary.engine.kms;

import java.util.List;

/**
 * What is known about a key, without its material (which only {@link KeyService} holds, so that
 * printing a key never prints its secret).
 *
 * @param keyId      the key's UUID
 * @param arn        {@code arn:aws:kms:<region>:<account>:key/<keyId>}
 * @param aliases    alias names, each starting {@code alias/}
 * @param awsManaged whether the key is the AWS-managed {@code alias/aws/kinesis}
 */
public record KmsKey(String keyId, String arn, KeyState state, KeyPolicy policy, List<String> aliases, boolean awsManaged) {

    public KmsKey {
        aliases = List.copyOf(aliases);
    }

    public KmsKey withState(KeyState newState) {
        return new KmsKey(keyId, arn, newState, policy, aliases, awsManaged);
    }
}
