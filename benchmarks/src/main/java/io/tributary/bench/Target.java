package io.tributary.bench;

import io.tributary.bench.server.ProcessProbe;
import io.tributary.bench.server.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server a run drives: one this run started (and stops), or a running one named by
 * {@code --endpoint}, probed only when {@code --server-pid} names its process.
 */
public final class Target implements AutoCloseable {
    private final URI endpoint;
    private final Optional<ServerProcess> started;
    private final Optional<ProcessProbe> probe;

    private Target(URI endpoint, Optional<ServerProcess> started, Optional<ProcessProbe> probe) {
        this.endpoint = endpoint;
        this.started = started;
        this.probe = probe;
    }

    public static Target open(BenchConfig config, Path serverLog) throws IOException, InterruptedException {
        if (config.endpoint().isPresent()) {
            OptionalLong pid = config.serverPid();
            return new Target(config.endpoint().get(), Optional.empty(),
                pid.isPresent() ? Optional.of(new ProcessProbe(pid.getAsLong())) : Optional.empty());
        }
        List<String> flags = config.fanOutBytesPerSecond().isPresent()
            ? List.of("--fan-out-bytes-per-second", Long.toString(config.fanOutBytesPerSecond().getAsLong()))
            : List.of();
        ServerProcess server = ServerProcess.start(config.serverJar(), config.durability(), config.serverJvmOptions(), flags,
            serverLog);
        return new Target(server.endpoint(), Optional.of(server), Optional.of(server.probe()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public Optional<ProcessProbe> probe() {
        return probe;
    }

    /** Bytes in the started server's data directory; empty for a server this run did not start. */
    public OptionalLong dataBytes() {
        return started.map(server -> OptionalLong.of(server.dataBytes())).orElse(OptionalLong.empty());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (started.isPresent()) {
            started.get().close();
        }
    }
}
