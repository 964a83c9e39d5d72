package io.tributary.bench.workloads;

import io.tributary.bench.Payloads;
import io.tributary.bench.client.KinesisClient;
import io.tributary.bench.client.OutgoingRecord;
import io.tributary.bench.client.Placement;
import io.tributary.bench.load.Budget;
import io.tributary.bench.load.Lanes;
import io.tributary.bench.load.Ledger;
import io.tributary.bench.load.SequenceLedger;
import io.tributary.bench.load.ShardIds;
import java.util.ArrayList;
import java.util.List;

/** The request steps that put records, writing each acknowledgement into the ledger. */
final class PutSteps {
    private PutSteps() {
    }

    /** One PutRecords call per claim. */
    static Lanes.Step putRecords(KinesisClient client, String stream, Ledger ledger, int recordBytes) {
        return claim -> {
            List<OutgoingRecord> records = new ArrayList<>(claim.count());
            for (int i = 0; i < claim.count(); i++) {
                records.add(record(claim.first() + i, recordBytes));
            }
            return client.putRecords(stream, records).map(placements -> acknowledge(ledger, claim, placements));
        };
    }

    /** One PutRecord call per claim; claims hold one record. */
    static Lanes.Step putRecord(KinesisClient client, String stream, Ledger ledger, int recordBytes) {
        return claim -> client.putRecord(stream, record(claim.first(), recordBytes))
            .map(placement -> acknowledge(ledger, claim, List.of(placement)));
    }

    /**
     * One PutRecords call per claim of timed records ({@link Payloads#timedData}, stamped as the
     * call is made), each acknowledgement written with its sequence number.
     */
    static Lanes.Step putTimedRecords(KinesisClient client, String stream, SequenceLedger ledger, int recordBytes) {
        return claim -> {
            long now = System.nanoTime();
            List<OutgoingRecord> records = new ArrayList<>(claim.count());
            for (int i = 0; i < claim.count(); i++) {
                int number = claim.first() + i;
                records.add(new OutgoingRecord(Payloads.partitionKey(number), Payloads.timedData(number, recordBytes, now)));
            }
            return client.putRecords(stream, records).map(placements -> {
                if (placements.size() != claim.count()) {
                    throw new IllegalStateException("the server answered " + placements.size() + " entries for " + claim.count()
                        + " records");
                }
                int placed = 0;
                for (int i = 0; i < placements.size(); i++) {
                    if (acknowledge(ledger, claim.first() + i, placements.get(i))) {
                        placed++;
                    }
                }
                return placed;
            });
        };
    }

    /** Writes a placement into the ledger; answers whether the record was placed. */
    static boolean acknowledge(SequenceLedger ledger, int number, Placement placement) {
        if (placement.isPlaced()) {
            ledger.acknowledge(number, ShardIds.index(placement.shardId()), placement.sequenceNumber());
        }
        return placement.isPlaced();
    }

    private static OutgoingRecord record(int number, int recordBytes) {
        return new OutgoingRecord(Payloads.partitionKey(number), Payloads.data(number, recordBytes));
    }

    private static int acknowledge(Ledger ledger, Budget.Claim claim, List<Placement> placements) {
        if (placements.size() != claim.count()) {
            throw new IllegalStateException("the server answered " + placements.size() + " entries for " + claim.count() + " records");
        }
        int placed = 0;
        for (int i = 0; i < placements.size(); i++) {
            Placement placement = placements.get(i);
            if (placement.isPlaced()) {
                ledger.acknowledge(claim.first() + i, ShardIds.index(placement.shardId()));
                placed++;
            }
        }
        return placed;
    }
}
