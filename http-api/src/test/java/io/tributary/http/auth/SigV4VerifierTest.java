package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The verifier against the AWS SDK's own signer: what the SDK signs is accepted, and any change to
 * a signed part of the request is refused with the error Kinesis gives.
 */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String BODY = "{\"StreamName\":\"orders\",\"ShardCount\":1}";
    private static final Identity ALICE = new Identity("AKIAALICE", "alice-secret", "123456789012",
        "arn:aws:iam::123456789012:user/alice", Optional.empty(), List.of());
    private static final Identity TEMP = new Identity("ASIATEMP", "temp-secret", "123456789012",
        "arn:aws:sts::123456789012:assumed-role/writer/session", Optional.of("the-token"), List.of());
    private final SigV4Verifier verifier = new SigV4Verifier(Map.of(ALICE.accessKeyId(), ALICE, TEMP.accessKeyId(), TEMP),
        SdkSigner.REGION);
    private final URI endpoint = URI.create("http://127.0.0.1:4567/");

    @Test
    void shouldAcceptWhatTheSdkSignerSignsInTheAuthorizationHeader() {
        SdkHttpRequest signed = sign(SdkSigner.kinesisPost(endpoint, "CreateStream", Map.of("X-Custom", "  a   b  ")), BODY);
        assertEquals(ALICE, verifier.verify(view(signed, BODY), NOW));
    }

    @Test
    void shouldAcceptPathsAndQueriesThatNeedEncoding() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(software.amazon.awssdk.http.SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:4567/a%20b/c~d/"))
            .putRawQueryParameter("z", "1 2").putRawQueryParameter("a", List.of("é", "b/c")).putRawQueryParameter("flag", "")
            .putHeader("Content-Type", "application/x-amz-json-1.1").build();
        SdkHttpRequest signed = sign(request, BODY);
        assertEquals(ALICE, verifier.verify(view(signed, BODY), NOW));
    }

    @Test
    void shouldAcceptWhatTheSdkPresigns() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), CLOCK, true, SdkSigner.REGION);
        assertTrue(signed.rawQueryParameters().containsKey("X-Amz-Signature"));
        assertEquals(ALICE, verifier.verify(view(signed, "{}"), NOW));
    }

    @Test
    void shouldAcceptSessionCredentialsWithTheirToken() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.session("ASIATEMP", "temp-secret", "the-token"), CLOCK, false, SdkSigner.REGION);
        assertEquals(TEMP, verifier.verify(view(signed, "{}"), NOW));
    }

    @Test
    void shouldRejectSessionCredentialsWithAnotherToken() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.session("ASIATEMP", "temp-secret", "stolen"), CLOCK, false, SdkSigner.REGION);
        expect(ErrorCode.UNRECOGNIZED_CLIENT, SigV4Verifier.INVALID_TOKEN, view(signed, "{}"));
    }

    @Test
    void shouldRejectSessionCredentialsWithoutTheirToken() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("ASIATEMP", "temp-secret"), CLOCK, false, SdkSigner.REGION);
        expect(ErrorCode.UNRECOGNIZED_CLIENT, SigV4Verifier.INVALID_TOKEN, view(signed, "{}"));
    }

    @Test
    void shouldRejectAnAlteredBody() {
        SdkHttpRequest signed = sign(SdkSigner.kinesisPost(endpoint, "CreateStream", Map.of()), BODY);
        expect(ErrorCode.INVALID_SIGNATURE, "The provided 'x-amz-content-sha256' header does not match what was computed.",
            view(signed, BODY.replace("orders", "others")));
        SdkHttpRequest withoutHashHeader = signed.toBuilder().removeHeader("x-amz-content-sha256").build();
        expect(ErrorCode.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH, view(withoutHashHeader, BODY.replace("orders", "others")));
    }

    @Test
    void shouldRejectAnAlteredSignedHeader() {
        SdkHttpRequest signed = sign(SdkSigner.kinesisPost(endpoint, "CreateStream", Map.of()), BODY);
        SdkHttpRequest altered = signed.toBuilder().putHeader("X-Amz-Target", "Kinesis_20131202.DeleteStream").build();
        expect(ErrorCode.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH, view(altered, BODY));
    }

    @Test
    void shouldRejectAnAlteredQueryOrPath() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), CLOCK, true, SdkSigner.REGION);
        expect(ErrorCode.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH,
            view(signed.toBuilder().appendRawQueryParameter("extra", "1").build(), "{}"));
        expect(ErrorCode.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH,
            view(signed.toBuilder().encodedPath("/other").build(), "{}"));
    }

    @Test
    void shouldRejectAWrongSecret() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "not-the-secret"), CLOCK, false, SdkSigner.REGION);
        expect(ErrorCode.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH, view(signed, "{}"));
    }

    @Test
    void shouldRejectAnUnknownAccessKey() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIANOBODY", "x"), CLOCK, false, SdkSigner.REGION);
        expect(ErrorCode.UNRECOGNIZED_CLIENT, SigV4Verifier.INVALID_TOKEN, view(signed, "{}"));
    }

    @Test
    void shouldRejectAScopeOfAnotherRegion() {
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), CLOCK, false, "eu-west-1");
        expect(ErrorCode.INVALID_SIGNATURE, "Credential should be scoped to a valid region. ", view(signed, "{}"));
    }

    @Test
    void shouldRejectARequestSignedMoreThanFifteenMinutesAgoWithAwsWords() {
        Clock early = Clock.fixed(NOW.minusSeconds(16 * 60), ZoneOffset.UTC);
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), early, false, SdkSigner.REGION);
        expect(ErrorCode.INVALID_SIGNATURE,
            "Signature expired: 20260301T114400Z is now earlier than 20260301T114500Z (20260301T120000Z - 15 min.)", view(signed, "{}"));
    }

    @Test
    void shouldRejectARequestSignedInTheFuture() {
        Clock late = Clock.fixed(NOW.plusSeconds(16 * 60), ZoneOffset.UTC);
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), late, false, SdkSigner.REGION);
        expect(ErrorCode.INVALID_SIGNATURE,
            "Signature not yet current: 20260301T121600Z is still later than 20260301T121500Z (20260301T120000Z + 15 min.)",
            view(signed, "{}"));
    }

    @Test
    void shouldRejectAnExpiredPresignedRequest() {
        Clock early = Clock.fixed(NOW.minusSeconds(6 * 60), ZoneOffset.UTC);
        SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
            SdkSigner.credentials("AKIAALICE", "alice-secret"), early, true, SdkSigner.REGION);
        expect(ErrorCode.INVALID_SIGNATURE,
            "Signature expired: 20260301T115400Z is now earlier than 20260301T115500Z (20260301T120000Z - 300 sec.)", view(signed, "{}"));
    }

    @Test
    void shouldNameTheMissingPartsOfAnIncompleteSignature() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE/x");
        expect(ErrorCode.INCOMPLETE_SIGNATURE, "Authorization header requires 'Signature' parameter. Authorization header requires"
            + " 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
            + " Authorization=AWS4-HMAC-SHA256 Credential=AKIAALICE/x", request(headers, ""));
        expect(ErrorCode.INCOMPLETE_SIGNATURE, "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string"
            + " parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine"
            + " the query-string parameters.", request(MultiMap.caseInsensitiveMultiMap(),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00"));
    }

    @Test
    void shouldRejectMalformedCredentialsAndDates() {
        MultiMap shortCredential = MultiMap.caseInsensitiveMultiMap()
            .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE/20260301/us-east-1, SignedHeaders=host, Signature=00")
            .add("X-Amz-Date", "20260301T120000Z");
        expect(ErrorCode.INCOMPLETE_SIGNATURE, "Credential must have exactly 5 slash-delimited elements, e.g."
            + " keyid/date/region/service/term, got 'AKIAALICE/20260301/us-east-1'", request(shortCredential, ""));
        MultiMap badDate = MultiMap.caseInsensitiveMultiMap()
            .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE/20260301/us-east-1/kinesis/aws4_request,"
                + " SignedHeaders=host, Signature=00")
            .add("X-Amz-Date", "yesterday");
        expect(ErrorCode.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See"
            + " http://en.wikipedia.org/wiki/ISO_8601", request(badDate, ""));
        MultiMap otherService = MultiMap.caseInsensitiveMultiMap()
            .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE/20260301/us-east-1/dynamodb/aws4_request,"
                + " SignedHeaders=host, Signature=00")
            .add("X-Amz-Date", "20260301T120000Z");
        expect(ErrorCode.INVALID_SIGNATURE, "Credential should be scoped to correct service: 'kinesis'. ", request(otherService, ""));
        MultiMap unsignedHost = MultiMap.caseInsensitiveMultiMap()
            .add("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALICE/20260301/us-east-1/kinesis/aws4_request,"
                + " SignedHeaders=x-amz-date, Signature=00")
            .add("X-Amz-Date", "20260301T120000Z");
        expect(ErrorCode.INVALID_SIGNATURE, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
            request(unsignedHost, ""));
    }

    @Test
    void shouldAnswerMissingAuthenticationTokenWithoutAnySignature() {
        expect(ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token", request(MultiMap.caseInsensitiveMultiMap(), ""));
    }

    private SdkHttpRequest sign(SdkHttpRequest request, String body) {
        return SdkSigner.sign(request, body, SdkSigner.credentials("AKIAALICE", "alice-secret"), CLOCK, false, SdkSigner.REGION);
    }

    private void expect(ErrorCode code, String message, SignedRequest request) {
        KinesisException error = assertThrows(KinesisException.class, () -> verifier.verify(request, NOW));
        assertEquals(code, error.code());
        assertEquals(message, error.getMessage());
    }

    private static SignedRequest request(MultiMap headers, String rawQuery) {
        return new SignedRequest("POST", "/", rawQuery, headers, "127.0.0.1:4567", new byte[0]);
    }

    /** The request as the server sees it: headers as sent, path and query still encoded. */
    private static SignedRequest view(SdkHttpRequest signed, String body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        signed.forEachHeader((name, values) -> values.forEach(value -> headers.add(name, value)));
        StringBuilder query = new StringBuilder();
        signed.forEachRawQueryParameter((name, values) -> values.forEach(value -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(SigV4.uriEncode(name, true)).append('=').append(SigV4.uriEncode(value == null ? "" : value, true));
        }));
        String authority = signed.host() + (signed.port() == 80 ? "" : ":" + signed.port());
        return new SignedRequest("POST", signed.encodedPath(), query.isEmpty() ? null : query.toString(), headers, authority,
            SdkSigner.bytes(body));
    }
}
