package io.tributary.bench.workloads;

import io.tributary.bench.BenchConfig;
import io.tributary.bench.PhaseMeter;
import io.tributary.bench.Session;
import io.tributary.bench.load.Budget;
import io.tributary.bench.load.Lanes;
import io.tributary.bench.load.Ledger;
import io.tributary.bench.load.ReadBack;
import io.tributary.bench.report.RunResult;
import java.time.Duration;

/**
 * put-record and put-records: closed-loop producers put records, first untimed for the warm-up (so
 * that both JVMs have compiled the hot path), then until the record count or the time bound is
 * reached (the timed phase); then every shard is read back and checked, warm-up records included.
 */
public final class PutWorkload implements WorkloadRunner {
    /** Time the requests in flight at the deadline get to finish. */
    static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(90);
    /** Bound of the untimed read-back. */
    static final Duration VERIFY_BOUND = Duration.ofMinutes(5);

    private final boolean singleRecord;

    private PutWorkload(boolean singleRecord) {
        this.singleRecord = singleRecord;
    }

    public static PutWorkload putRecord() {
        return new PutWorkload(true);
    }

    public static PutWorkload putRecords() {
        return new PutWorkload(false);
    }

    @Override
    public RunResult run(Session session) throws Exception {
        BenchConfig config = session.config();
        Session.Stream stream = session.createStream(config.shards());
        int warmupRecords = config.warmup().isZero() ? 0 : config.records();
        Ledger ledger = new Ledger(warmupRecords + config.records());
        Lanes.Step step = singleRecord
            ? PutSteps.putRecord(session.client(), stream.name(), ledger, config.recordBytes())
            : PutSteps.putRecords(session.client(), stream.name(), ledger, config.recordBytes());
        int batch = singleRecord ? 1 : config.batchSize();
        long startMillis = System.currentTimeMillis();

        Budget warmup = new Budget(0, warmupRecords, System.nanoTime() + config.warmup().toNanos());
        Session.await(Lanes.run(session.contexts(), config.concurrency(), warmup, batch, step),
            config.warmup().plus(IN_FLIGHT_GRACE));

        PhaseMeter meter = session.startPhase();
        int first = warmup.nextNumber();
        Budget budget = new Budget(first, first + config.records(), System.nanoTime() + config.duration().toNanos());
        Lanes.Totals totals = Session.await(Lanes.run(session.contexts(), config.concurrency(), budget, batch, step),
            config.duration().plus(IN_FLIGHT_GRACE));
        RunResult.Phase measured = meter.stop(singleRecord ? "PutRecord" : "PutRecords", counts(totals, config.recordBytes()));

        ReadBack readBack = new ReadBack(session.client(), ledger, config.recordBytes(),
            System.nanoTime() + VERIFY_BOUND.toNanos(), startMillis);
        ReadBack.Totals read = Session.await(readBack.readAll(session.contexts(), stream.name(), stream.shardIds()),
            VERIFY_BOUND.plus(IN_FLIGHT_GRACE));
        RunResult result = Results.of(session, measured, null, read);
        session.deleteStream(stream);
        return result;
    }

    static PhaseMeter.Counts counts(Lanes.Totals totals, int recordBytes) {
        return new PhaseMeter.Counts(totals.requests(), totals.acknowledged(), totals.rejected(), totals.failedRequests(),
            totals.firstFailure(), totals.acknowledged() * recordBytes, totals.latencies());
    }
}
