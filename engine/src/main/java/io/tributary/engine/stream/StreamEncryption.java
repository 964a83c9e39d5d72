package io.tributary.engine.stream;

/**
 * A stream's server-side encryption, while StartStreamEncryption is in force.
 *
 * @param keyId  the KeyId as the caller gave it (a key id, key ARN, alias name or alias ARN), which
 *               DescribeStream answers with, as Kinesis does
 * @param keyArn the ARN of the key it names, which records are encrypted under
 */
public record StreamEncryption(String keyId, String keyArn) {
}
