package io.tributary.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Tributary server in its own JVM, started from the shaded jar on an ephemeral loopback port with
 * a fresh temporary data directory, which {@link #close()} deletes after stopping the server. The
 * server's output goes to a log file; its port is read from the line it logs once serving.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving the Kinesis API at http://127\\.0\\.0\\.1:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path dataDirectory;
    private final int port;

    private ServerProcess(Process process, Path dataDirectory, int port) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * @param serverFlags flags added to the server's command line after the ones every run uses
     */
    public static ServerProcess start(Path jar, String durability, List<String> jvmOptions, List<String> serverFlags,
                                      Path logFile) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar.toAbsolutePath() + "; build it with: mvn -q -B package -DskipTests");
        }
        Path data = Files.createTempDirectory("tributary-bench-");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--port", "0", "--host", "127.0.0.1",
            "--data-dir", data.toString(), "--durability", durability,
            // quotas would cap every run at a shard's 1 MiB/s; benchmarks measure the machine, as the issue asks
            "--throughput-limits", "off"));
        command.addAll(serverFlags);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> copyOutput(process, logFile, port), "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, data, port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor();
            deleteRecursively(data);
            throw new IOException("the server did not start; see " + logFile, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public ProcessProbe probe() {
        return new ProcessProbe(process.pid());
    }

    /** Bytes the server's data directory holds now. */
    public long dataBytes() {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Stops the server with SIGTERM (so it flushes and closes its logs), then deletes its data. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            deleteRecursively(dataDirectory);
        }
    }

    private static void copyOutput(Process process, Path logFile, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.println(line);
                Matcher serving = SERVING.matcher(line);
                if (serving.find()) {
                    port.complete(Integer.parseInt(serving.group(1)));
                }
            }
        } catch (IOException ended) {
            // the process is gone
        }
        port.completeExceptionally(new IOException("server output ended before it was serving"));
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
