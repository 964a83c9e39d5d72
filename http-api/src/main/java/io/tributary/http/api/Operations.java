package io.tributary.http.api;

import io.tributary.http.ops.AddTagsToStream;
import io.tributary.http.ops.CreateStream;
import io.tributary.http.ops.DecreaseStreamRetentionPeriod;
import io.tributary.http.ops.DeregisterStreamConsumer;
import io.tributary.http.ops.DescribeAccountSettings;
import io.tributary.http.ops.DisableEnhancedMonitoring;
import io.tributary.http.ops.DescribeLimits;
import io.tributary.http.ops.DeleteResourcePolicy;
import io.tributary.http.ops.DeleteStream;
import io.tributary.http.ops.DescribeStream;
import io.tributary.http.ops.DescribeStreamConsumer;
import io.tributary.http.ops.DescribeStreamSummary;
import io.tributary.http.ops.EnableEnhancedMonitoring;
import io.tributary.http.ops.GetRecords;
import io.tributary.http.ops.GetResourcePolicy;
import io.tributary.http.ops.GetShardIterator;
import io.tributary.http.ops.IncreaseStreamRetentionPeriod;
import io.tributary.http.ops.MergeShards;
import io.tributary.http.ops.ListShards;
import io.tributary.http.ops.ListStreamConsumers;
import io.tributary.http.ops.ListStreams;
import io.tributary.http.ops.ListTagsForResource;
import io.tributary.http.ops.ListTagsForStream;
import io.tributary.http.ops.PutRecord;
import io.tributary.http.ops.PutRecords;
import io.tributary.http.ops.PutResourcePolicy;
import io.tributary.http.ops.RegisterStreamConsumer;
import io.tributary.http.ops.RemoveTagsFromStream;
import io.tributary.http.ops.SplitShard;
import io.tributary.http.ops.StartStreamEncryption;
import io.tributary.http.ops.StopStreamEncryption;
import io.tributary.http.ops.SubscribeToShard;
import io.tributary.http.ops.UpdateAccountSettings;
import io.tributary.http.ops.TagResource;
import io.tributary.http.ops.UntagResource;
import io.tributary.http.ops.UpdateMaxRecordSize;
import io.tributary.http.ops.UpdateShardCount;
import io.tributary.http.ops.UpdateStreamMode;
import io.tributary.http.ops.UpdateStreamRecordDistributionStrategy;
import io.tributary.http.ops.UpdateStreamWarmThroughput;
import java.util.Map;

/** The operations Tributary implements, by their X-Amz-Target names. */
public final class Operations {
    private Operations() {
    }

    public static Map<String, Operation> all(Api api) {
        return Map.ofEntries(
            Map.entry("CreateStream", new CreateStream(api)),
            Map.entry("DeleteStream", new DeleteStream(api)),
            Map.entry("DescribeStream", new DescribeStream(api)),
            Map.entry("DescribeStreamSummary", new DescribeStreamSummary(api)),
            Map.entry("ListStreams", new ListStreams(api)),
            Map.entry("ListShards", new ListShards(api)),
            Map.entry("PutRecord", new PutRecord(api)),
            Map.entry("PutRecords", new PutRecords(api)),
            Map.entry("GetShardIterator", new GetShardIterator(api)),
            Map.entry("GetRecords", new GetRecords(api)),
            Map.entry("IncreaseStreamRetentionPeriod", new IncreaseStreamRetentionPeriod(api)),
            Map.entry("DecreaseStreamRetentionPeriod", new DecreaseStreamRetentionPeriod(api)),
            Map.entry("AddTagsToStream", new AddTagsToStream(api)),
            Map.entry("RemoveTagsFromStream", new RemoveTagsFromStream(api)),
            Map.entry("ListTagsForStream", new ListTagsForStream(api)),
            Map.entry("DescribeLimits", new DescribeLimits(api)),
            Map.entry("RegisterStreamConsumer", new RegisterStreamConsumer(api)),
            Map.entry("DeregisterStreamConsumer", new DeregisterStreamConsumer(api)),
            Map.entry("DescribeStreamConsumer", new DescribeStreamConsumer(api)),
            Map.entry("ListStreamConsumers", new ListStreamConsumers(api)),
            Map.entry("SubscribeToShard", new SubscribeToShard(api)),
            Map.entry("SplitShard", new SplitShard(api)),
            Map.entry("MergeShards", new MergeShards(api)),
            Map.entry("UpdateShardCount", new UpdateShardCount(api)),
            Map.entry("UpdateStreamMode", new UpdateStreamMode(api)),
            Map.entry("StartStreamEncryption", new StartStreamEncryption(api)),
            Map.entry("StopStreamEncryption", new StopStreamEncryption(api)),
            Map.entry("UpdateMaxRecordSize", new UpdateMaxRecordSize(api)),

            Map.entry("EnableEnhancedMonitoring", new EnableEnhancedMonitoring(api)),
            Map.entry("DisableEnhancedMonitoring", new DisableEnhancedMonitoring(api)),
            Map.entry("DescribeAccountSettings", new DescribeAccountSettings(api)),
            Map.entry("UpdateAccountSettings", new UpdateAccountSettings(api)),
            Map.entry("UpdateStreamWarmThroughput", new UpdateStreamWarmThroughput(api)),
            Map.entry("UpdateStreamRecordDistributionStrategy", new UpdateStreamRecordDistributionStrategy(api)),

            Map.entry("PutResourcePolicy", new PutResourcePolicy(api)),
            Map.entry("GetResourcePolicy", new GetResourcePolicy(api)),
            Map.entry("DeleteResourcePolicy", new DeleteResourcePolicy(api)),
            Map.entry("TagResource", new TagResource(api)),
            Map.entry("UntagResource", new UntagResource(api)),
            Map.entry("ListTagsForResource", new ListTagsForResource(api)));
    }
}
