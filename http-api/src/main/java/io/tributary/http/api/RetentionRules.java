package io.tributary.http.api;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.Limits;
import io.tributary.http.protocol.Input;

/** The documented bounds of a stream's retention period, which the service model does not state. */
public final class RetentionRules {
    private RetentionRules() {
    }

    /** {@code RetentionPeriodHours} of the request, checked against 24..8760 hours. */
    public static int requestedHours(Input input) {
        int hours = input.integer("RetentionPeriodHours").orElseThrow();
        if (hours < Limits.MIN_RETENTION_HOURS) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Minimum allowed retention period is " + Limits.MIN_RETENTION_HOURS
                + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours > Limits.MAX_RETENTION_HOURS) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Maximum allowed retention period is " + Limits.MAX_RETENTION_HOURS
                + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        return hours;
    }
}
