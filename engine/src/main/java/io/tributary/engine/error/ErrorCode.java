package io.tributary.engine.error;

/**
 * The closed vocabulary of errors Tributary answers with: the AWS {@code __type}, the HTTP status,
 * and whether the fault is the server's. Status codes follow the AWS SDK's exception metadata for
 * Kinesis (WIRE.md §4.2): every modeled client error is 400, internal failures 500.
 */
public enum ErrorCode {
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    RESOURCE_IN_USE("ResourceInUseException", 400),
    INVALID_ARGUMENT("InvalidArgumentException", 400),
    VALIDATION("ValidationException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400),
    EXPIRED_ITERATOR("ExpiredIteratorException", 400),
    EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400),
    ACCESS_DENIED("AccessDeniedException", 400),
    SERIALIZATION("SerializationException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    DRY_RUN("DryRunOperationException", 400),
    KMS_NOT_FOUND("KMSNotFoundException", 400),
    KMS_DISABLED("KMSDisabledException", 400),
    KMS_INVALID_STATE("KMSInvalidStateException", 400),
    KMS_ACCESS_DENIED("KMSAccessDeniedException", 400),
    REQUEST_TOO_LARGE("ValidationException", 413),
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503);

    private final String awsType;
    private final int httpStatus;

    ErrorCode(String awsType, int httpStatus) {
        this.awsType = awsType;
        this.httpStatus = httpStatus;
    }

    /** The {@code __type} written in error bodies, which the AWS SDKs map to exception classes. */
    public String awsType() {
        return awsType;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public KinesisException exception(String message) {
        return new KinesisException(this, message);
    }
}
