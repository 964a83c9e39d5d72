package io.tributary.engine.stream;

/**
 * A registered (enhanced fan-out) consumer of a stream. Its ARN carries its creation time in epoch
 * seconds, so that a consumer registered again under the same name has a new ARN.
 */
public record ConsumerState(String name, String arn, ConsumerStatus status, long createdMillis) {

    /** The lifecycle states of a consumer, as Kinesis names them. */
    public enum ConsumerStatus {
        CREATING, DELETING, ACTIVE
    }

    public static String arnOf(String streamArn, String name, long createdMillis) {
        return streamArn + "/consumer/" + name + ":" + createdMillis / 1000;
    }

    public ConsumerState withStatus(ConsumerStatus newStatus) {
        return new ConsumerState(name, arn, newStatus, createdMillis);
    }
}
