package io.tributary.bench.micro;

import io.tributary.http.auth.Identity;
import io.tributary.http.auth.SigV4;
import io.tributary.http.auth.SigV4Verifier;
import io.tributary.http.auth.SignedRequest;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What {@code --auth sigv4} costs a request: {@link SigV4Verifier#verify} of a request the AWS SDK's
 * signer signed (headers as the SDK's Kinesis client sends them), for a small body (a ListStreams or
 * PutRecord) and a 1 MiB one (a large PutRecords), beside hashing the body alone, which is the part
 * that grows with the body. The signing key is cached per access key and day, as in the server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class SigV4VerifyBenchmark {

    /** One signed request and the verifier that checks it. */
    @State(Scope.Thread)
    public static class Signed {
        @Param({"128", "1048576"})
        int bodyBytes;
        SigV4Verifier verifier;
        SignedRequest request;
        Instant now;

        @Setup
        public void setUp() {
            now = Instant.parse("2026-03-01T12:00:00Z");
            byte[] body = new byte[bodyBytes];
            Arrays.fill(body, (byte) 'x');
            SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://127.0.0.1:4567/"))
                .putHeader("Content-Type", "application/x-amz-cbor-1.1")
                .putHeader("X-Amz-Target", "Kinesis_20131202.PutRecords")
                .putHeader("User-Agent", "aws-sdk-java/2.41.21 md/io#sync md/http#UrlConnection ua/2.1 api/Kinesis#2.41.x")
                .putHeader("amz-sdk-invocation-id", "1c4e2d2e-2f0c-4f8e-9b8a-0d6f3f2f1a10")
                .putHeader("amz-sdk-request", "attempt=1; max=4")
                .putHeader("Content-Length", Integer.toString(bodyBytes))
                .build();
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .identity(AwsCredentialsIdentity.create("AKIABENCH", "bench-secret"))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC))).request();
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            signed.forEachHeader((name, values) -> values.forEach(value -> headers.add(name, value)));
            request = new SignedRequest("POST", "/", null, headers, "127.0.0.1:4567", body);
            Identity identity = new Identity("AKIABENCH", "bench-secret", "000000000000", "arn:aws:iam::000000000000:user/bench",
                Optional.empty(), List.of());
            verifier = new SigV4Verifier(Map.of("AKIABENCH", identity), "us-east-1");
        }
    }

    @Benchmark
    public Identity verify(Signed signed) {
        return signed.verifier.verify(signed.request, signed.now);
    }

    @Benchmark
    public String hashBodyOnly(Signed signed) {
        return SigV4.sha256Hex(signed.request.body());
    }
}
