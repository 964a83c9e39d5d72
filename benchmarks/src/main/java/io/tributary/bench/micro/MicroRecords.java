package io.tributary.bench.micro;

import io.tributary.bench.Payloads;
import io.tributary.engine.log.AppendEntry;
import java.util.ArrayList;
import java.util.List;

/** The records the microbenchmarks work on: a PutRecords-sized batch of 100-byte records. */
final class MicroRecords {
    static final int BATCH = 500;
    static final int RECORD_BYTES = 100;

    private MicroRecords() {
    }

    static List<AppendEntry> appendBatch(int firstNumber) {
        List<AppendEntry> entries = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            entries.add(new AppendEntry(Payloads.partitionKey(firstNumber + i), Payloads.data(firstNumber + i, RECORD_BYTES)));
        }
        return entries;
    }
}
