package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.fanout.FeedEvent;
import io.tributary.engine.kms.KmsAction;
import io.tributary.engine.log.LogRecord;
import io.tributary.engine.model.SequenceNumber;
import io.tributary.engine.model.ShardIteratorType;
import io.tributary.engine.stream.ShardState;
import io.tributary.http.api.Api;
import io.tributary.http.api.EventStreamOperation;
import io.tributary.http.api.OutputShapes;
import io.tributary.http.protocol.Bodies;
import io.tributary.http.protocol.Encoding;
import io.tributary.http.protocol.EventStreamFrames;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import reactor.core.publisher.Flux;

/**
 * Pushes a shard's records to a registered consumer over one long response (HTTP/2 or chunked
 * HTTP/1.1) as an event stream: an initial response, then {@code SubscribeToShardEvent}s with the
 * records, a continuation sequence number and how far behind the tip they are, for up to five
 * minutes. At the end of a closed shard the last event has no continuation and names the child
 * shards. Event payloads are JSON whatever the request's encoding, as the SDK expects.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html">SubscribeToShard</a>
 */
public final class SubscribeToShard implements EventStreamOperation {
    private static final Buffer INITIAL_RESPONSE = EventStreamFrames.event("initial-response", Buffer.buffer("{}"));

    private final Api api;

    public SubscribeToShard(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        throw new UnsupportedOperationException("SubscribeToShard answers with an event stream; use open");
    }

    @Override
    public Future<Flux<Buffer>> open(Input input) {
        Input start = input.structure("StartingPosition").orElseThrow();
        ShardIteratorType type = ShardIteratorType.valueOf(start.requiredString("Type"));
        Optional<String> sequenceNumber = start.string("SequenceNumber");
        if (type.needsSequenceNumber() && sequenceNumber.isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("StartingPosition of type " + type + " needs a SequenceNumber.");
        }
        if (type == ShardIteratorType.AT_TIMESTAMP && start.timestampMillis("Timestamp").isEmpty()) {
            throw ErrorCode.INVALID_ARGUMENT.exception("StartingPosition of type AT_TIMESTAMP needs a Timestamp.");
        }
        Api.checkDryRun(input);
        String consumerArn = input.requiredString("ConsumerARN");
        api.engine().records().checkStreamKey(api.engine().fanOut().consumer(consumerArn).stream(), Api.callerArn(input),
            KmsAction.DECRYPT);
        return api.engine().fanOut()
            .subscribe(consumerArn, input.requiredString("ShardId"), type, sequenceNumber,
                start.timestampMillis("Timestamp"))
            .map(events -> events.map(SubscribeToShard::frame).startWith(INITIAL_RESPONSE));
    }

    @Override
    public Buffer errorFrame(Throwable failure) {
        KinesisException error = failure instanceof KinesisException kinesis ? kinesis : ErrorCode.INTERNAL_FAILURE.exception(
            "The subscription failed.");
        String type = error.code() == ErrorCode.INTERNAL_FAILURE ? "InternalFailureException" : error.code().awsType();
        return EventStreamFrames.exception(type, Bodies.encode(Encoding.JSON, out -> {
            if (error.getMessage() != null) {
                out.string("message", error.getMessage());
            }
        }));
    }

    private static Buffer frame(FeedEvent event) {
        return EventStreamFrames.event("SubscribeToShardEvent", Bodies.encode(Encoding.JSON, out -> {
            SequenceNumber.ShardText sequences = new SequenceNumber.ShardText(event.shard().sequencePrefix());
            out.startArray("Records");
            for (LogRecord record : event.records()) {
                OutputShapes.record(out, sequences, record);
            }
            out.endArray();
            if (!event.shardEnd()) {
                out.string("ContinuationSequenceNumber", sequences.of(event.nextPosition() - 1));
            }
            out.number("MillisBehindLatest", event.millisBehindLatest());
            if (event.shardEnd()) {
                out.startArray("ChildShards");
                for (ShardState child : event.childShards()) {
                    OutputShapes.childShard(out, child);
                }
                out.endArray();
            }
        }));
    }
}
