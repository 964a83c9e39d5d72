package io.tributary.bench.client;

/** A call the server answered with an error (or that failed on the way). */
public final class KinesisCallException extends RuntimeException {
    private final int status;
    private final String errorCode;

    public KinesisCallException(int status, String errorCode, String message) {
        super(errorCode + " (HTTP " + status + ")" + (message.isEmpty() ? "" : ": " + message));
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}
