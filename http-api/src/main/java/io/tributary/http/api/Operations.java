package io.tributary.http.api;

import io.tributary.http.ops.CreateStream;
import io.tributary.http.ops.DeleteStream;
import io.tributary.http.ops.DescribeStream;
import io.tributary.http.ops.DescribeStreamSummary;
import io.tributary.http.ops.GetRecords;
import io.tributary.http.ops.GetShardIterator;
import io.tributary.http.ops.ListShards;
import io.tributary.http.ops.ListStreams;
import io.tributary.http.ops.PutRecord;
import io.tributary.http.ops.PutRecords;
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
            Map.entry("GetRecords", new GetRecords(api)));
    }
}
