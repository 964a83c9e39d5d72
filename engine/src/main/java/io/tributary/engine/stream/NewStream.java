package io.tributary.engine.stream;

import io.tributary.engine.model.StreamMode;
import java.util.SortedMap;

/** What CreateStream asks for, validated. */
public record NewStream(String name, int shardCount, StreamMode mode, SortedMap<String, String> tags, int maxRecordSizeKiB,
                        OnDemandSettings onDemand) {

    /** A stream with the default on-demand settings. */
    public NewStream(String name, int shardCount, StreamMode mode, SortedMap<String, String> tags, int maxRecordSizeKiB) {
        this(name, shardCount, mode, tags, maxRecordSizeKiB, OnDemandSettings.DEFAULT);
    }
}
