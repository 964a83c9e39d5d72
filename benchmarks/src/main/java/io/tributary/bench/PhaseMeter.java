package io.tributary.bench;

import io.tributary.bench.load.Latencies;
import io.tributary.bench.report.RunResult;
import io.tributary.bench.server.ProcessProbe;
import java.util.Optional;
import java.util.OptionalLong;

/** Wall time and the CPU time of server and client over one phase, started when constructed. */
public final class PhaseMeter {
    private static final double NANOS_PER_SECOND = 1e9;

    private final Optional<ProcessProbe> server;
    private final ProcessProbe client = new ProcessProbe(ProcessHandle.current().pid());
    private final long startNanos;
    private final OptionalLong serverCpuStart;
    private final OptionalLong clientCpuStart;
    private final OptionalLong machineBusyStart;

    public PhaseMeter(Optional<ProcessProbe> server) {
        this.server = server;
        this.serverCpuStart = server.map(ProcessProbe::cpuNanos).orElse(OptionalLong.empty());
        this.clientCpuStart = client.cpuNanos();
        this.machineBusyStart = ProcessProbe.machineBusyNanos();
        this.startNanos = System.nanoTime();
    }

    /** What a phase did, as counted by its lanes or readers. */
    public record Counts(long requests, long records, long rejectedRecords, long failedRequests, String firstFailure,
                         long dataBytes, Latencies latencies) {
    }

    public RunResult.Phase stop(String operation, Counts counts) {
        double seconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND;
        OptionalLong serverCpuEnd = server.map(ProcessProbe::cpuNanos).orElse(OptionalLong.empty());
        Double serverCpu = cpuSeconds(serverCpuStart, serverCpuEnd);
        Double clientCpu = cpuSeconds(clientCpuStart, client.cpuNanos());
        Double machineCpu = cpuSeconds(machineBusyStart, ProcessProbe.machineBusyNanos());
        Double otherCpu = serverCpu == null || clientCpu == null || machineCpu == null
            ? null : Math.max(0, machineCpu - serverCpu - clientCpu);
        return new RunResult.Phase(operation, seconds, counts.requests(), counts.records(), counts.rejectedRecords(),
            counts.failedRequests(), counts.firstFailure(), counts.records() / seconds, counts.requests() / seconds,
            counts.dataBytes() / 1e6 / seconds, counts.latencies().summary(), serverCpu, clientCpu, otherCpu);
    }

    private static Double cpuSeconds(OptionalLong start, OptionalLong end) {
        return start.isPresent() && end.isPresent() ? (end.getAsLong() - start.getAsLong()) / NANOS_PER_SECOND : null;
    }
}
