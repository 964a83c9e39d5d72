package io.tributary.bench.workloads;

import io.tributary.bench.Session;
import io.tributary.bench.WireEncoding;
import io.tributary.bench.BenchConfig.HttpProtocol;
import io.tributary.bench.client.KinesisCallException;
import io.tributary.bench.client.WireClient;
import io.tributary.bench.client.WireCodec;
import io.tributary.bench.report.RunResult;
import java.time.Duration;
import java.util.Optional;

/**
 * fan-out: enhanced fan-out consumers (SubscribeToShard). Tributary does not implement
 * SubscribeToShard yet, so this workload only asks the server whether it answers the operation and
 * reports the run as skipped, with the server's answer as the reason.
 */
public final class FanOutWorkload implements WorkloadRunner {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public RunResult run(Session session) throws Exception {
        Session.Stream stream = session.createStream(1);
        String consumerArn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream.name() + "/consumer/bench-consumer:1";
        Optional<KinesisCallException> answer;
        try (WireClient probe = new WireClient(session.vertx(), session.target().endpoint(), new WireCodec(WireEncoding.JSON),
            HttpProtocol.HTTP1, 1)) {
            answer = Session.await(probe.probeSubscribeToShard(consumerArn, stream.shardIds().get(0)), PROBE_TIMEOUT);
        }
        session.deleteStream(stream);
        String reason = answer.filter(error -> error.errorCode().equals("UnknownOperationException"))
            .map(error -> "the server does not implement SubscribeToShard yet; it answered " + error.getMessage())
            .orElseGet(() -> "the server answers SubscribeToShard (" + answer.map(KinesisCallException::getMessage).orElse("200")
                + "), but this harness has no fan-out workload yet");
        return session.result("skipped", reason, null, null, null);
    }
}
