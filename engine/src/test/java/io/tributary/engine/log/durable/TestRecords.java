package io.tributary.engine.log.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of a known size and content. Every {@link #record} frame is exactly {@link #FRAME_BYTES}
 * long, so tests can say where segments roll and where a frame starts in a file.
 */
final class TestRecords {
    /** Partition key bytes of a {@link #record}: {@code k-00042}. */
    static final int KEY_BYTES = 7;
    static final int DATA_BYTES = 167;
    /** What a read counts against its byte limit for one record. */
    static final int KEY_AND_DATA_BYTES = KEY_BYTES + DATA_BYTES;
    static final int FRAME_BYTES = RecordFrame.HEADER_BYTES + KEY_AND_DATA_BYTES;

    private TestRecords() {
    }

    /** A record whose key and every data byte derive from {@code seed}; all byte values occur across seeds. */
    static AppendEntry record(long seed) {
        byte[] data = new byte[DATA_BYTES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (seed * 131 + i * 29);
        }
        return new AppendEntry(String.format("k-%05d", seed), data);
    }

    static List<AppendEntry> records(long firstSeed, int count) {
        List<AppendEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(record(firstSeed + i));
        }
        return entries;
    }

    static void assertRecord(long position, long arrivalMillis, AppendEntry expected, LogRecord actual) {
        assertEquals(position, actual.position(), "position");
        assertEquals(arrivalMillis, actual.arrivalMillis(), "arrival time of position " + position);
        assertEquals(expected.partitionKey(), actual.partitionKey(), "partition key of position " + position);
        assertArrayEquals(expected.data(), actual.data(), "data of position " + position);
    }
}
