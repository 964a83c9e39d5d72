package io.tributary.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.stream.BillingCommitment.Status;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The minimum throughput billing commitment's rules, as the model documents them, over time. */
class BillingCommitmentTest {
    private static final long DAY = BillingCommitment.MINIMUM_DURATION.toMillis();
    private static final long START = 1_700_000_000_000L;

    @Test
    void shouldStartACommitmentThatMayEndADayLater() {
        BillingCommitment enabled = BillingCommitment.NONE.enable(START);

        assertEquals(new BillingCommitment(Status.ENABLED, OptionalLong.of(START), OptionalLong.empty(), OptionalLong.of(START + DAY)),
            enabled);
        assertTrue(enabled.isEnabled(START));
    }

    @Test
    void shouldKeepARunningCommitmentWhenEnabledAgain() {
        BillingCommitment enabled = BillingCommitment.NONE.enable(START);
        assertEquals(enabled, enabled.enable(START + 1000));
    }

    @Test
    void shouldScheduleTheEndOfACommitmentDisabledWithinItsFirstDay() {
        BillingCommitment ending = BillingCommitment.NONE.enable(START).disable(START + 1000);

        assertEquals(Status.ENABLED_UNTIL_EARLIEST_ALLOWED_END, ending.status());
        assertEquals(OptionalLong.of(START + DAY), ending.endedMillis());
        assertTrue(ending.isEnabled(START + DAY - 1));
        assertEquals(Status.DISABLED, ending.asOf(START + DAY).status());
        assertFalse(ending.isEnabled(START + DAY));
    }

    @Test
    void shouldCancelAScheduledEndWhenEnabledBeforeIt() {
        BillingCommitment again = BillingCommitment.NONE.enable(START).disable(START + 1000).enable(START + 2000);

        assertEquals(new BillingCommitment(Status.ENABLED, OptionalLong.of(START), OptionalLong.empty(), OptionalLong.of(START + DAY)),
            again);
    }

    @Test
    void shouldEndACommitmentAtOnceAfterItsFirstDay() {
        BillingCommitment ended = BillingCommitment.NONE.enable(START).disable(START + DAY + 5);

        assertEquals(Status.DISABLED, ended.status());
        assertEquals(OptionalLong.of(START + DAY + 5), ended.endedMillis());
        assertEquals(OptionalLong.of(START), ended.startedMillis());
    }

    @Test
    void shouldStartANewCommitmentAfterOneEnded() {
        BillingCommitment renewed = BillingCommitment.NONE.enable(START).disable(START + 1000).enable(START + DAY + 10);

        assertEquals(Status.ENABLED, renewed.status());
        assertEquals(OptionalLong.of(START + DAY + 10), renewed.startedMillis());
        assertEquals(OptionalLong.of(START + 2 * DAY + 10), renewed.earliestAllowedEndMillis());
        assertEquals(OptionalLong.empty(), renewed.endedMillis());
    }

    @Test
    void shouldLeaveADisabledAccountDisabled() {
        assertEquals(BillingCommitment.NONE, BillingCommitment.NONE.disable(START));
    }
}
