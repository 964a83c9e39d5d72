package io.tributary.engine.stream;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The account's minimum throughput billing commitment (UpdateAccountSettings), with the rules the
 * model documents: a commitment lasts at least {@link #MINIMUM_DURATION}; disabling it earlier
 * schedules its end at the earliest allowed end (ENABLED_UNTIL_EARLIEST_ALLOWED_END); enabling it
 * again before then cancels that. Immutable; the status a reader sees is {@link #asOf} the time it
 * reads, so a scheduled end needs no timer.
 *
 * @param startedMillis           when the current (or last) commitment started
 * @param endedMillis             when the last commitment ended, or is scheduled to end
 * @param earliestAllowedEndMillis the first moment the current commitment may end
 */
public record BillingCommitment(Status status, OptionalLong startedMillis, OptionalLong endedMillis,
                                OptionalLong earliestAllowedEndMillis) {
    public static final Duration MINIMUM_DURATION = Duration.ofHours(24);
    public static final BillingCommitment NONE =
        new BillingCommitment(Status.DISABLED, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** The model's MinimumThroughputBillingCommitmentOutputStatus. */
    public enum Status {
        ENABLED,
        DISABLED,
        ENABLED_UNTIL_EARLIEST_ALLOWED_END
    }

    /** The commitment as it stands at {@code nowMillis}: a scheduled end that has passed has happened. */
    public BillingCommitment asOf(long nowMillis) {
        if (status == Status.ENABLED_UNTIL_EARLIEST_ALLOWED_END && endedMillis.orElseThrow() <= nowMillis) {
            return new BillingCommitment(Status.DISABLED, startedMillis, endedMillis, earliestAllowedEndMillis);
        }
        return this;
    }

    /** Whether on-demand streams may use what the commitment brings (warm throughput) at {@code nowMillis}. */
    public boolean isEnabled(long nowMillis) {
        return asOf(nowMillis).status != Status.DISABLED;
    }

    /** Enables it: a new commitment if none runs, or the running one with its scheduled end cancelled. */
    public BillingCommitment enable(long nowMillis) {
        BillingCommitment current = asOf(nowMillis);
        return switch (current.status) {
            case ENABLED -> current;
            case ENABLED_UNTIL_EARLIEST_ALLOWED_END ->
                new BillingCommitment(Status.ENABLED, startedMillis, OptionalLong.empty(), earliestAllowedEndMillis);
            case DISABLED -> new BillingCommitment(Status.ENABLED, OptionalLong.of(nowMillis), OptionalLong.empty(),
                OptionalLong.of(nowMillis + MINIMUM_DURATION.toMillis()));
        };
    }

    /** Disables it: at once if the minimum duration has passed, otherwise at the earliest allowed end. */
    public BillingCommitment disable(long nowMillis) {
        BillingCommitment current = asOf(nowMillis);
        if (current.status == Status.DISABLED) {
            return current;
        }
        long earliestEnd = earliestAllowedEndMillis.orElseThrow();
        if (nowMillis >= earliestEnd) {
            return new BillingCommitment(Status.DISABLED, startedMillis, OptionalLong.of(nowMillis), earliestAllowedEndMillis);
        }
        return new BillingCommitment(Status.ENABLED_UNTIL_EARLIEST_ALLOWED_END, startedMillis, OptionalLong.of(earliestEnd),
            earliestAllowedEndMillis);
    }
}
