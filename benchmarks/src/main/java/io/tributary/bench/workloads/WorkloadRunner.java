package io.tributary.bench.workloads;

import io.tributary.bench.Session;
import io.tributary.bench.report.RunResult;

/** One workload: sets up its stream, runs its timed phase, verifies, and says what it measured. */
@FunctionalInterface
public interface WorkloadRunner {
    RunResult run(Session session) throws Exception;
}
