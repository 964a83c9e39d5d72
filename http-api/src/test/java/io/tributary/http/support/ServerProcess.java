package io.tributary.http.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tributary in a separate JVM, started from the test class path exactly as {@code java -jar} would
 * start it, so that a test can kill it with SIGKILL.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving the Kinesis API at http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ServerProcess start(Path dataDirectory, String... flags) throws IOException, InterruptedException {
        return start(dataDirectory, List.of("-Xmx512m"), flags);
    }

    /** A server whose JVM runs with the given options (heap size, for example) instead of {@code -Xmx512m}. */
    public static ServerProcess start(Path dataDirectory, List<String> jvmOptions, String... flags)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
            "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            "io.tributary.http.Main", "--port", "0", "--host", "127.0.0.1", "--event-loops", "2",
            "--data-dir", dataDirectory.toString(), "--throughput-limits", "off"));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> forwardOutput(process, port), "server-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor();
            throw new IOException("the server process did not start", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The server JVM's process id, for signals such as SIGSTOP. */
    public long pid() {
        return process.pid();
    }

    /** Kills the process the way a crash or {@code kill -9} does: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a service manager stops a server; whether the process exited within {@code seconds}. */
    public boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** Stops the process as a service manager would: SIGTERM, so the shutdown hook flushes and closes. */
    @Override
    public void close() {
        try {
            if (process.isAlive() && !terminate(30)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void forwardOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[server] " + line);
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
}
