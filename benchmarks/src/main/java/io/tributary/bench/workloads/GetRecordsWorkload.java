package io.tributary.bench.workloads;

import io.tributary.bench.BenchConfig;
import io.tributary.bench.PhaseMeter;
import io.tributary.bench.Session;
import io.tributary.bench.load.Budget;
import io.tributary.bench.load.Lanes;
import io.tributary.bench.load.Ledger;
import io.tributary.bench.load.ReadBack;
import io.tributary.bench.report.RunResult;

/**
 * get-records: a backlog of {@code --records} is loaded with PutRecords (its rate is reported as the
 * load phase); an untimed warm-up reads from the start of every shard for {@code --warmup-seconds};
 * then the timed phase reads every shard from TRIM_HORIZON to its tip with GetRecords loops, one per
 * shard, checking every record as it arrives. The load and the timed phase are each bounded by
 * {@code --seconds}.
 */
public final class GetRecordsWorkload implements WorkloadRunner {

    @Override
    public RunResult run(Session session) throws Exception {
        BenchConfig config = session.config();
        Session.Stream stream = session.createStream(config.shards());
        Ledger ledger = new Ledger(config.records());
        long startMillis = System.currentTimeMillis();

        PhaseMeter loadMeter = session.startPhase();
        Budget budget = new Budget(0, config.records(), System.nanoTime() + config.duration().toNanos());
        Lanes.Totals loaded = Session.await(Lanes.run(session.contexts(), config.concurrency(), budget, config.batchSize(),
                PutSteps.putRecords(session.client(), stream.name(), ledger, config.recordBytes())),
            config.duration().plus(PutWorkload.IN_FLIGHT_GRACE));
        RunResult.Phase load = loadMeter.stop("PutRecords (backlog)", PutWorkload.counts(loaded, config.recordBytes()));

        ReadBack warmup = new ReadBack(session.client(), ledger, config.recordBytes(),
            System.nanoTime() + config.warmup().toNanos(), startMillis);
        Session.await(warmup.readAll(session.contexts(), stream.name(), stream.shardIds()),
            config.warmup().plus(PutWorkload.IN_FLIGHT_GRACE));

        PhaseMeter meter = session.startPhase();
        ReadBack readBack = new ReadBack(session.client(), ledger, config.recordBytes(),
            System.nanoTime() + config.duration().toNanos(), startMillis);
        ReadBack.Totals read = Session.await(readBack.readAll(session.contexts(), stream.name(), stream.shardIds()),
            config.duration().plus(PutWorkload.IN_FLIGHT_GRACE));
        RunResult.Phase measured = meter.stop("GetRecords", new PhaseMeter.Counts(read.requests(), read.read(), 0, 0,
            read.firstFailure(), read.dataBytes(), read.latencies()));

        RunResult result = Results.of(session, measured, load, read);
        session.deleteStream(stream);
        return result;
    }
}
