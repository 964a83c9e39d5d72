package io.tributary.engine.kms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which principal ARNs a key policy lets use a key, for which action. */
class KeyPolicyTest {
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:iam::123456789012:user/bob";
    private static final String CAROL_ELSEWHERE = "arn:aws:iam::210987654321:user/carol";

    @Test
    void shouldAllowANamedPrincipalOnlyTheActionsItIsNamedFor() {
        KeyPolicy policy = new KeyPolicy(Map.of(KmsAction.GENERATE_DATA_KEY, List.of(ALICE)));
        assertTrue(policy.allows(ALICE, KmsAction.GENERATE_DATA_KEY));
        assertFalse(policy.allows(ALICE, KmsAction.DECRYPT));
        assertFalse(policy.allows(BOB, KmsAction.GENERATE_DATA_KEY));
    }

    @Test
    void shouldLetAnAccountRootStandForEveryPrincipalOfThatAccount() {
        KeyPolicy policy = KeyPolicy.accountRoot("123456789012");
        assertTrue(policy.allows(ALICE, KmsAction.DECRYPT));
        assertTrue(policy.allows("arn:aws:sts::123456789012:assumed-role/reader/session", KmsAction.GENERATE_DATA_KEY));
        assertFalse(policy.allows(CAROL_ELSEWHERE, KmsAction.DECRYPT));
    }

    @Test
    void shouldLetAStarAllowEveryone() {
        KeyPolicy policy = new KeyPolicy(Map.of(KmsAction.DECRYPT, List.of("*")));
        assertTrue(policy.allows(CAROL_ELSEWHERE, KmsAction.DECRYPT));
        assertFalse(policy.allows(CAROL_ELSEWHERE, KmsAction.GENERATE_DATA_KEY));
    }

    @Test
    void shouldAllowNobodyWhenNoPrincipalIsNamed() {
        KeyPolicy policy = new KeyPolicy(Map.of());
        assertFalse(policy.allows(ALICE, KmsAction.GENERATE_DATA_KEY));
        assertFalse(policy.allows("", KmsAction.DECRYPT));
    }

    @Test
    void shouldNotTakeAPrincipalForARootByItsPrefix() {
        KeyPolicy policy = new KeyPolicy(Map.of(KmsAction.DECRYPT, List.of("arn:aws:iam::123456789012:user/al")));
        assertFalse(policy.allows(ALICE, KmsAction.DECRYPT));
        assertFalse(policy.allows("not-an-arn", KmsAction.DECRYPT));
    }
}
