package io.tributary.http.auth;

import io.tributary.engine.EngineConfig;
import io.tributary.engine.stream.ConsumerState;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.stream.StreamState;
import io.tributary.engine.token.ShardIterator;
import io.tributary.engine.token.TokenSigner;
import io.tributary.http.protocol.Input;
import java.util.Optional;
import java.util.Set;

/**
 * The resource each operation acts on, as IAM names it in policies: the stream ARN for stream
 * operations, the consumer ARN for SubscribeToShard, DescribeStreamConsumer and
 * DeregisterStreamConsumer, the {@code ResourceARN} member for the resource operations (tags and
 * resource policies by ARN), and {@code *} for account-wide operations such as ListStreams and
 * DescribeLimits. GetRecords names its stream through the shard iterator.
 *
 * <p>Concurrency: stateless apart from the immutable configuration; reads the catalog's snapshot.
 */
public final class ResourceArns {
    public static final String ANY = "*";
    private static final Set<String> ACCOUNT_WIDE = Set.of("ListStreams", "DescribeLimits", "DescribeAccountSettings",
        "UpdateAccountSettings");
    private static final Set<String> BY_RESOURCE_ARN = Set.of("TagResource", "UntagResource", "ListTagsForResource",
        "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy");
    private static final Set<String> ON_CONSUMER = Set.of("SubscribeToShard", "DescribeStreamConsumer", "DeregisterStreamConsumer");

    private final EngineConfig config;
    private final StreamCatalog catalog;
    private final TokenSigner signer;

    public ResourceArns(EngineConfig config, StreamCatalog catalog, TokenSigner signer) {
        this.config = config;
        this.catalog = catalog;
        this.signer = signer;
    }

    public String of(String operation, Input input) {
        if (ACCOUNT_WIDE.contains(operation)) {
            return ANY;
        }
        if (BY_RESOURCE_ARN.contains(operation)) {
            return input.string("ResourceARN").orElse(ANY);
        }
        if (ON_CONSUMER.contains(operation) || input.has("ConsumerARN")) {
            return consumer(input);
        }
        if (operation.equals("GetRecords") && !input.has("StreamARN")) {
            return iteratorStream(input.string("ShardIterator").orElse(""));
        }
        return stream(input);
    }

    private String consumer(Input input) {
        Optional<String> arn = input.string("ConsumerARN");
        if (arn.isPresent()) {
            return arn.get();
        }
        String stream = stream(input);
        String name = input.string("ConsumerName").orElse("");
        return catalog.snapshot().stream(streamName(stream)).flatMap(state -> state.consumer(name)).map(ConsumerState::arn)
            .orElse(stream + "/consumer/" + name);
    }

    private String stream(Input input) {
        Optional<String> arn = input.string("StreamARN");
        if (arn.isPresent()) {
            return arn.get();
        }
        return input.string("StreamName").map(this::streamArn).orElse(ANY);
    }

    /** The stream of a shard iterator; {@code *} for an iterator that does not decode, which GetRecords then refuses. */
    private String iteratorStream(String iterator) {
        try {
            return streamArn(ShardIterator.decode(iterator, signer, config.clock().millis()).streamName());
        } catch (RuntimeException undecodable) {
            return ANY;
        }
    }

    public String streamArn(String name) {
        return "arn:aws:kinesis:" + config.region() + ":" + config.accountId() + ":stream/" + name;
    }

    /** The stream name in an ARN of a stream or of one of its consumers. */
    public static String streamName(String arn) {
        int marker = arn.indexOf(":stream/");
        if (marker < 0) {
            return "";
        }
        String rest = arn.substring(marker + ":stream/".length());
        int consumer = rest.indexOf("/consumer/");
        return consumer < 0 ? rest : rest.substring(0, consumer);
    }

    /** The stream or consumer an ARN names, if it exists here. */
    public Optional<StreamState> streamOf(String arn) {
        return arn.startsWith("arn:aws:kinesis:" + config.region() + ":" + config.accountId() + ":stream/")
            ? catalog.snapshot().stream(streamName(arn)) : Optional.empty();
    }
}
