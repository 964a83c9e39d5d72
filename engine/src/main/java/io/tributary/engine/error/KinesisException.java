package io.tributary.engine.error;

/**
 * A failure that is answered to the client as an AWS error: an {@link ErrorCode} and the message
 * text real Kinesis uses. These are expected outcomes of bad requests, so they carry no stack trace.
 */
public final class KinesisException extends RuntimeException {
    private final ErrorCode code;

    public KinesisException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
