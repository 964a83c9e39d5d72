package io.tributary.http.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.protocol.Encoding;
import io.tributary.http.support.Clients;
import io.tributary.http.support.RawKinesis;
import io.tributary.http.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutput;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutputStatus;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * DescribeAccountSettings and UpdateAccountSettings through the real SDK: the minimum throughput
 * billing commitment with the model's rules (at least 24 hours; an early disable is scheduled for
 * the earliest allowed end; enabling again cancels it), its validation, and its persistence. Each
 * test has its own server, since the commitment belongs to the whole account.
 */
class AccountSettingsSdkTest {

    @Test
    void shouldDescribeAnAccountThatNeverCommittedAsDisabled() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            MinimumThroughputBillingCommitmentOutput commitment = kinesis.describeAccountSettings(request -> { })
                .minimumThroughputBillingCommitment();

            assertEquals(MinimumThroughputBillingCommitmentOutputStatus.DISABLED, commitment.status());
            assertNull(commitment.startedAt());
            assertNull(commitment.endedAt());
            assertNull(commitment.earliestAllowedEndAt());
        }
    }

    @Test
    void shouldStartACommitmentThatMayEndADayLater() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            Instant before = Instant.now().minusSeconds(1);
            MinimumThroughputBillingCommitmentOutput enabled = enable(kinesis, MinimumThroughputBillingCommitmentInputStatus.ENABLED);

            assertEquals(MinimumThroughputBillingCommitmentOutputStatus.ENABLED, enabled.status());
            assertTrue(!enabled.startedAt().isBefore(before), enabled.toString());
            assertEquals(enabled.startedAt().plus(Duration.ofHours(24)), enabled.earliestAllowedEndAt());
            assertNull(enabled.endedAt());
            assertEquals(enabled, kinesis.describeAccountSettings(request -> { }).minimumThroughputBillingCommitment());
        }
    }

    @Test
    void shouldScheduleTheEndOfACommitmentDisabledEarlyAndCancelItWhenEnabledAgain() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            MinimumThroughputBillingCommitmentOutput enabled = enable(kinesis, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
            MinimumThroughputBillingCommitmentOutput ending = enable(kinesis, MinimumThroughputBillingCommitmentInputStatus.DISABLED);

            assertEquals(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END, ending.status());
            assertEquals(enabled.earliestAllowedEndAt(), ending.endedAt());
            assertEquals(enabled.startedAt(), ending.startedAt());

            MinimumThroughputBillingCommitmentOutput again = enable(kinesis, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
            assertEquals(enabled, again);
        }
    }

    @Test
    void shouldRefuseAnUpdateWithoutStatusOrWithAnUnknownOne() {
        try (TestServer server = TestServer.start(); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            ValidationException missing = assertThrows(ValidationException.class,
                () -> kinesis.updateAccountSettings(request -> request.minimumThroughputBillingCommitment(commitment -> { })));
            assertEquals("1 validation error detected: Value null at 'minimumThroughputBillingCommitment.status' failed to"
                + " satisfy constraint: Member must not be null", missing.awsErrorDetails().errorMessage());

            RawKinesis.Answer unknown = new RawKinesis(server.endpoint()).post(Encoding.CBOR, "UpdateAccountSettings",
                "{'MinimumThroughputBillingCommitment':{'Status':'PAUSED'}}");
            assertEquals("ValidationException", unknown.type());
            assertEquals("1 validation error detected: Value 'PAUSED' at 'minimumThroughputBillingCommitment.status' failed to"
                + " satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]", unknown.message());

            RawKinesis.Answer none = new RawKinesis(server.endpoint()).post(Encoding.JSON, "UpdateAccountSettings", "{}");
            assertEquals("1 validation error detected: Value null at 'minimumThroughputBillingCommitment' failed to"
                + " satisfy constraint: Member must not be null", none.message());
        }
    }

    @Test
    void shouldKeepTheCommitmentAcrossARestart(@TempDir Path data) {
        MinimumThroughputBillingCommitmentOutput enabled;
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            enabled = enable(kinesis, MinimumThroughputBillingCommitmentInputStatus.ENABLED);
        }
        try (TestServer server = TestServer.startOn(data); KinesisClient kinesis = Clients.sync(server.endpoint())) {
            assertEquals(enabled, kinesis.describeAccountSettings(request -> { }).minimumThroughputBillingCommitment());
        }
    }

    static MinimumThroughputBillingCommitmentOutput enable(KinesisClient kinesis, MinimumThroughputBillingCommitmentInputStatus status) {
        return kinesis.updateAccountSettings(request -> request.minimumThroughputBillingCommitment(commitment -> commitment.status(status)))
            .minimumThroughputBillingCommitment();
    }
}
