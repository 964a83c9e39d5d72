package io.tributary.bench.workloads;

import io.tributary.bench.Session;
import io.tributary.bench.load.ReadBack;
import io.tributary.bench.report.RunResult;

/** The result of a measured run: {@code measured} when the read-back passed, {@code failed} otherwise. */
final class Results {
    private Results() {
    }

    static RunResult of(Session session, RunResult.Phase measured, RunResult.Phase load, ReadBack.Totals read) {
        RunResult.Verification verification = session.verification(read);
        String note = verification.passed() ? "" : "read-back check failed: " + describe(read);
        return session.result(verification.passed() ? "measured" : "failed", note, measured, load, verification);
    }

    private static String describe(ReadBack.Totals read) {
        return "missing " + read.missing() + ", mismatched " + read.mismatched() + ", misplaced " + read.misplaced()
            + ", duplicates " + read.duplicates() + ", out of order " + read.outOfOrder() + ", bad timestamps "
            + read.badTimestamps() + (read.complete() ? "" : ", not every tip reached")
            + (read.firstFailure().isEmpty() ? "" : " (" + read.firstFailure() + ")");
    }
}
