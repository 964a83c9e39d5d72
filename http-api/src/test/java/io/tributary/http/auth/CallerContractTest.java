package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.http.api.FaultInjector;
import io.tributary.http.api.KinesisHandler;
import io.tributary.http.api.Operation;
import io.tributary.http.api.RequestGate;
import io.tributary.http.model.ServiceModel;
import io.tributary.http.protocol.Reply;
import io.tributary.http.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The contract operations rely on (the encryption branch's key policies among them): the verified
 * caller reaches an operation as {@code input.caller()}, and is empty when authentication is off.
 */
class CallerContractTest {
    private static final Identity ALICE = new Identity("AKIAALICE", "alice-secret", "123456789012",
        "arn:aws:iam::123456789012:user/alice", Optional.empty(), List.of());

    @Test
    void shouldHandTheVerifiedCallerToTheOperation() throws Exception {
        assertEquals(Optional.of(new Caller("arn:aws:iam::123456789012:user/alice", "123456789012", "AKIAALICE")),
            callerSeenWith(Authenticator.sigV4(new SigV4Verifier(Map.of("AKIAALICE", ALICE), SdkSigner.REGION), Clock.systemUTC())));
    }

    @Test
    void shouldHandNoCallerWhenAuthenticationIsOff() throws Exception {
        assertEquals(Optional.empty(), callerSeenWith(Authenticator.off()));
    }

    private static Optional<Caller> callerSeenWith(Authenticator authenticator) throws Exception {
        AtomicReference<Optional<Caller>> seen = new AtomicReference<>();
        Operation capture = input -> {
            seen.set(input.caller());
            return Future.succeededFuture(Reply.EMPTY);
        };
        try (TestServer server = TestServer.start()) {
            KinesisHandler handler = new KinesisHandler(ServiceModel.load(), Map.of("ListStreams", capture),
                new RequestGate(server.server().engine(), new FaultInjector("000000000000", List.of())), 1 << 20, authenticator,
                Optional.empty());
            HttpServer http = server.server().vertx().createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await();
            try {
                URI endpoint = URI.create("http://127.0.0.1:" + http.actualPort() + "/");
                SdkHttpRequest signed = SdkSigner.sign(SdkSigner.kinesisPost(endpoint, "ListStreams", Map.of()), "{}",
                    SdkSigner.credentials("AKIAALICE", "alice-secret"), Clock.systemUTC(), false, SdkSigner.REGION);
                HttpResponse<String> response = SignedHttp.send(signed, "{}");
                assertEquals(200, response.statusCode(), response.body());
            } finally {
                http.close().await();
            }
        }
        return seen.get();
    }
}
