package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * With {@code --auth sigv4}, {@code /admin} needs a SigV4-signed request from an identity allowed
 * {@code tributary:Admin}, the browser routes one allowed the Kinesis action they stand for (signed
 * as a presigned URL, as a browser can); {@code /metrics} and {@code /health/*} stay open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuthSdkTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    @BeforeAll
    void start() {
        String admin = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"tributary:Admin\","
            + "\"Resource\":\"*\"}]}";
        String file = Credentials.file(
            Credentials.identity("AKIAOPS", "ops-secret", Credentials.ACCOUNT, "arn:aws:iam::000000000000:user/ops", null, admin),
            Credentials.identity("AKIADEV", "dev-secret", Credentials.ACCOUNT, "arn:aws:iam::000000000000:user/dev", null,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}]}"));
        server = TestServer.start("--auth", "sigv4", "--credentials-file", Credentials.write("credentials.yaml", yaml(file)).toString());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void shouldServeAdminToAnIdentityAllowedTributaryAdmin() throws Exception {
        HttpResponse<String> response = SignedHttp.send(signed("AKIAOPS", "ops-secret", SdkHttpMethod.GET, "/admin/faults"), "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, new JsonObject(response.body()).getJsonArray("rules").size());
        HttpResponse<String> put = SignedHttp.send(signed("AKIAOPS", "ops-secret", SdkHttpMethod.PUT, "/admin/faults"),
            "{\"stream\":\"s\",\"throttle\":0.5}");
        assertEquals(200, put.statusCode(), put.body());
    }

    @Test
    void shouldRefuseAdminToOthers() throws Exception {
        HttpResponse<String> denied = SignedHttp.send(signed("AKIADEV", "dev-secret", SdkHttpMethod.GET, "/admin/faults"), "");
        assertEquals(403, denied.statusCode());
        JsonObject error = new JsonObject(denied.body());
        assertEquals("AccessDeniedException", error.getString("__type"));
        assertEquals("User: arn:aws:iam::000000000000:user/dev is not authorized to perform: tributary:Admin on resource: *"
            + " because no identity-based policy allows the tributary:Admin action", error.getString("message"));

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/admin/faults")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unsigned.statusCode());
        assertEquals("MissingAuthenticationTokenException", new JsonObject(unsigned.body()).getString("__type"));

        HttpResponse<String> wrongSecret = SignedHttp.send(signed("AKIAOPS", "guess", SdkHttpMethod.DELETE, "/admin/faults"), "");
        assertEquals(403, wrongSecret.statusCode());
        assertEquals("InvalidSignatureException", new JsonObject(wrongSecret.body()).getString("__type"));
    }

    @Test
    void shouldGuardTheBrowserRoutesWithSignaturesAndPolicies() throws Exception {
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/v1/streams")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unsigned.statusCode());
        assertEquals("MissingAuthenticationTokenException", new JsonObject(unsigned.body()).getString("__type"));

        HttpResponse<String> listed = SignedHttp.send(presigned("AKIADEV", "dev-secret", "/v1/streams"), "");
        assertEquals(200, listed.statusCode(), listed.body());

        HttpResponse<String> tail = SignedHttp.send(presigned("AKIAOPS", "ops-secret", "/v1/streams/orders/tail"), "");
        assertEquals(403, tail.statusCode());
        JsonObject error = new JsonObject(tail.body());
        assertEquals("AccessDeniedException", error.getString("__type"));
        assertEquals("User: arn:aws:iam::000000000000:user/ops is not authorized to perform: kinesis:GetRecords on resource:"
            + " arn:aws:kinesis:us-east-1:000000000000:stream/orders because no identity-based policy allows the kinesis:GetRecords"
            + " action", error.getString("message"));
    }

    @Test
    void shouldKeepMetricsAndHealthOpen() throws Exception {
        for (String path : new String[] {"/metrics", "/health/live", "/health/ready"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path);
        }
    }

    private SdkHttpRequest signed(String key, String secret, SdkHttpMethod method, String path) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(method).uri(URI.create(server.endpoint() + path))
            .putHeader("Content-Type", "application/json").build();
        String body = method == SdkHttpMethod.PUT ? "{\"stream\":\"s\",\"throttle\":0.5}" : "";
        return SdkSigner.sign(request, body, SdkSigner.credentials(key, secret), Clock.systemUTC(), false, SdkSigner.REGION);
    }

    private SdkHttpRequest presigned(String key, String secret, String path) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(server.endpoint() + path)).build();
        return SdkSigner.sign(request, "", SdkSigner.credentials(key, secret), Clock.systemUTC(), true, SdkSigner.REGION);
    }

    /** The same credentials as YAML, which the server reads by the file's extension. */
    private static String yaml(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(tree);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
