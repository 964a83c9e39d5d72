package io.tributary.http.ops;

import io.tributary.engine.stream.BillingCommitment;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;

/**
 * Enables or disables the account's minimum throughput billing commitment, by the model's rules
 * ({@link BillingCommitment}): enabling starts a commitment of at least 24 hours, or cancels a
 * scheduled end; disabling ends it at once after those 24 hours, or schedules its end for then
 * (ENABLED_UNTIL_EARLIEST_ALLOWED_END). Asking for the status it already has changes nothing. The
 * answer is the commitment as stored.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateAccountSettings.html">UpdateAccountSettings</a>
 */
public final class UpdateAccountSettings implements Operation {
    private final Api api;

    public UpdateAccountSettings(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        boolean enable = input.structure("MinimumThroughputBillingCommitment").orElseThrow().requiredString("Status").equals("ENABLED");
        long now = api.config().clock().millis();
        return api.engine().streams()
            .updateCommitment(current -> enable ? current.enable(now) : current.disable(now))
            .map(updated -> out -> OutputShapes.billingCommitment(out, updated, now));
    }
}
