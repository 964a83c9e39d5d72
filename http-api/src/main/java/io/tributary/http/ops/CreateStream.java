package io.tributary.http.ops;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.model.Limits;
import io.tributary.engine.model.RecordDistribution;
import io.tributary.engine.model.StreamMode;
import io.tributary.engine.stream.NewStream;
import io.tributary.engine.stream.OnDemandSettings;
import io.tributary.http.api.Api;
import io.tributary.http.api.Operation;
import io.tributary.http.api.Tags;
import io.tributary.http.api.WarmThroughput;
import io.tributary.http.protocol.Input;
import io.tributary.http.protocol.Reply;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Creates a stream: provisioned with {@code ShardCount} shards, or on-demand starting with four (or
 * the shards its {@code WarmThroughputMiBps} needs), with its {@code RecordDistributionStrategy}.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html">CreateStream</a>
 */
public final class CreateStream implements Operation {
    private final Api api;

    public CreateStream(Api api) {
        this.api = api;
    }

    @Override
    public Future<Reply> handle(Input input) {
        String name = input.requiredString("StreamName");
        StreamMode mode = input.structure("StreamModeDetails")
            .map(details -> StreamMode.valueOf(details.requiredString("StreamMode")))
            .orElse(StreamMode.PROVISIONED);
        OptionalInt shardCount = input.integer("ShardCount");
        int shards = switch (mode) {
            case PROVISIONED -> shardCount.orElseThrow(() -> ErrorCode.VALIDATION.exception(
                "1 validation error detected: Value null at 'shardCount' failed to satisfy constraint: Member must not be null"));
            case ON_DEMAND -> {
                if (shardCount.isPresent()) {
                    throw ErrorCode.INVALID_ARGUMENT.exception("ShardCount cannot be specified for a stream in ON_DEMAND mode.");
                }
                yield Limits.ON_DEMAND_INITIAL_SHARDS;
            }
        };
        OnDemandSettings onDemand = onDemandSettings(input, name, mode);
        if (mode == StreamMode.ON_DEMAND) {
            shards = Math.max(shards, onDemand.warmShards());
        }
        int maxRecordSize = input.integer("MaxRecordSizeInKiB").orElse(Limits.DEFAULT_MAX_RECORD_SIZE_KIB);
        SortedMap<String, String> tags = new TreeMap<>(input.stringMap("Tags"));
        if (tags.size() > Tags.MAX_TAGS_PER_STREAM) {
            throw ErrorCode.INVALID_ARGUMENT.exception("A stream cannot have more than " + Tags.MAX_TAGS_PER_STREAM + " tags.");
        }
        NewStream request = new NewStream(name, shards, mode, tags, maxRecordSize, onDemand);
        return api.engine().streams().create(request).map(created -> Reply.EMPTY);
    }

    /**
     * {@code RecordDistributionStrategy} and {@code WarmThroughputMiBps}, which only on-demand
     * streams take (InvalidArgumentException otherwise); warm throughput also needs the account's
     * billing commitment and is at most 10 GiB/s. An on-demand stream starts with the shards its
     * warm throughput needs, if that is more than four.
     */
    private OnDemandSettings onDemandSettings(Input input, String name, StreamMode mode) {
        Optional<RecordDistribution> distribution = input.string("RecordDistributionStrategy").map(RecordDistribution::valueOf);
        OptionalInt warm = input.integer("WarmThroughputMiBps");
        if (mode != StreamMode.ON_DEMAND) {
            if (distribution.isPresent()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("RecordDistributionStrategy can only be specified for a stream in"
                    + " ON_DEMAND mode.");
            }
            if (warm.isPresent()) {
                throw ErrorCode.INVALID_ARGUMENT.exception("WarmThroughputMiBps can only be specified for a stream in ON_DEMAND mode.");
            }
            return OnDemandSettings.DEFAULT;
        }
        OnDemandSettings settings = OnDemandSettings.DEFAULT.withDistribution(distribution.orElse(RecordDistribution.USER_PARTITION_KEY));
        if (warm.isEmpty()) {
            return settings;
        }
        WarmThroughput.checkCommitment(api);
        WarmThroughput.checkLimit(api, name, warm.getAsInt());
        return settings.withWarmThroughput(warm.getAsInt());
    }
}
