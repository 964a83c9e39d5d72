package io.tributary.bench.client;

import java.util.List;
import java.util.Optional;

/** One GetRecords answer. The next iterator is absent only at the end of a closed shard. */
public record RecordsPage(List<ReceivedRecord> records, Optional<String> nextIterator, long millisBehindLatest) {

    /** Nothing more to read now: an empty page at the tip. */
    public boolean caughtUp() {
        return records.isEmpty() && millisBehindLatest == 0;
    }
}
