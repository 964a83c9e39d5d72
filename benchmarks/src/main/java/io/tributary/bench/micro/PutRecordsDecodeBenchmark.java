package io.tributary.bench.micro;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.bench.Payloads;
import io.tributary.http.protocol.Encoding;
import io.tributary.bench.client.OutgoingRecord;
import io.tributary.bench.client.WireCodec;
import io.tributary.http.model.ServiceModel;
import io.tributary.http.model.Shape;
import io.tributary.http.model.Validator;
import io.tributary.http.protocol.Bodies;
import io.tributary.http.protocol.Encoding;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The server's first steps on a PutRecords request of 500 × 100-byte records, as
 * {@code KinesisHandler} takes them: parse the body into a tree ({@link Bodies#decode}), then type
 * and check it against the service model ({@link Validator#validate}). One operation is one body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class PutRecordsDecodeBenchmark {
    @Param({"JSON", "CBOR"})
    public String encoding;

    private Encoding serverEncoding;
    private Buffer body;
    private Validator validator;
    private Shape putRecordsInput;

    @Setup
    public void setUp() {
        serverEncoding = Encoding.valueOf(encoding);
        List<OutgoingRecord> records = new ArrayList<>(MicroRecords.BATCH);
        for (int i = 0; i < MicroRecords.BATCH; i++) {
            records.add(new OutgoingRecord(Payloads.partitionKey(i), Payloads.data(i, MicroRecords.RECORD_BYTES)));
        }
        body = Buffer.buffer(new WireCodec(Encoding.valueOf(encoding)).putRecords("bench-stream", records));
        ServiceModel model = ServiceModel.load();
        validator = new Validator(model);
        putRecordsInput = model.input("PutRecords").orElseThrow();
    }

    @Benchmark
    public ObjectNode decodeAndValidate() {
        return validator.validate(putRecordsInput, Bodies.decode(serverEncoding, body), serverEncoding);
    }

    @Benchmark
    public Object decodeOnly() {
        return Bodies.decode(serverEncoding, body);
    }
}
