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

    /** A fan-out run: {@code measured} when every subscription was pushed exactly what it should have been. */
    static RunResult ofFanOut(Session session, RunResult.Phase measured, RunResult.Phase load,
                              RunResult.Verification verification, RunResult.FanOut fanOut) {
        String note = verification.passed() ? "" : "push check failed: missing " + verification.missing() + ", mismatched "
            + verification.mismatched() + ", misplaced " + verification.misplaced() + ", duplicates " + verification.duplicates()
            + ", out of order " + verification.outOfOrder() + ", bad timestamps " + verification.badTimestamps()
            + (verification.firstFailure().isEmpty() ? "" : " (" + verification.firstFailure() + ")");
        return session.result(verification.passed() ? "measured" : "failed", note, measured, load, verification, fanOut);
    }

    private static String describe(ReadBack.Totals read) {
        return "missing " + read.missing() + ", mismatched " + read.mismatched() + ", misplaced " + read.misplaced()
            + ", duplicates " + read.duplicates() + ", out of order " + read.outOfOrder() + ", bad timestamps "
            + read.badTimestamps() + (read.complete() ? "" : ", not every tip reached")
            + (read.firstFailure().isEmpty() ? "" : " (" + read.firstFailure() + ")");
    }
}
