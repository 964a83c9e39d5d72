package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading {@code --credentials-file} in JSON and YAML, and refusing bad entries and bad policies at start. */
class CredentialsFileTest {

    @Test
    void shouldReadYaml() throws Exception {
        Map<String, Identity> identities = CredentialsFile.read(Credentials.write("c.yml", """
            identities:
              - accessKeyId: AKIAALICE
                secretAccessKey: s
                accountId: "123456789012"
                principalArn: arn:aws:iam::123456789012:user/alice
                sessionToken: t
                policies:
                  - Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Action: "kinesis:Get*", Resource: "*"}
            """));
        Identity alice = identities.get("AKIAALICE");
        assertEquals("arn:aws:iam::123456789012:user/alice", alice.principalArn());
        assertEquals(Optional.of("t"), alice.sessionToken());
        assertTrue(alice.policies().get(0).statements().get(0).matches("kinesis:GetRecords", "arn:aws:kinesis:x"));
        assertTrue(!alice.toString().contains("s]") && !alice.toString().contains("secret"));
    }

    @Test
    void shouldRefuseBadEntriesNamingWhatIsWrong() {
        IllegalArgumentException account = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.read(Credentials.write(
            "c.json", Credentials.file(Credentials.identity("AK", "s", "12", "arn:aws:iam::12:user/x", null)))));
        assertEquals("identity 0: accountId must be 12 digits", account.getMessage());
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.read(Credentials.write(
            "c.json", Credentials.file(Credentials.identity("AK", "s", "123456789012", "arn:aws:iam::123456789012:user/x", null,
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\",\"Condition\":{}}]}")))));
        assertEquals("identity 0: policy 0: Condition is not supported by Tributary", policy.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.read(Credentials.write(
            "c.json", Credentials.file(Credentials.identity("AK", "s", "123456789012", "arn:aws:iam::123456789012:user/x", null),
                Credentials.identity("AK", "t", "123456789012", "arn:aws:iam::123456789012:user/y", null)))));
        assertEquals("access key id AK appears twice", twice.getMessage());
    }
}
