package io.tributary.http.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Requests signed by the AWS SDK's own SigV4 signer, for checking the server's verifier against it. */
final class SdkSigner {
    static final String REGION = "us-east-1";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SdkSigner() {
    }

    /** A Kinesis POST to {@code endpoint} for {@code target}, as the SDK would build it before signing. */
    static SdkHttpRequest kinesisPost(URI endpoint, String target, Map<String, String> extraHeaders) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", "Kinesis_20131202." + target);
        extraHeaders.forEach(builder::putHeader);
        return builder.build();
    }

    static SdkHttpRequest sign(SdkHttpRequest request, String body, AwsCredentialsIdentity credentials, Clock clock,
                               boolean presign, String region) {
        return SIGNER.sign(signing -> {
            signing.identity(credentials)
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            if (presign) {
                signing.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
            }
        }).request();
    }

    static AwsCredentialsIdentity credentials(String accessKey, String secret) {
        return AwsCredentialsIdentity.create(accessKey, secret);
    }

    static AwsCredentialsIdentity session(String accessKey, String secret, String token) {
        return AwsSessionCredentialsIdentity.create(accessKey, secret, token);
    }

    static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
