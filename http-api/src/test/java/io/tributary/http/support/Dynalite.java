package io.tributary.http.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * dynalite 4.0.0 (installed in {@code clients/} by {@code scripts/test-prerequisites.sh}), the
 * open-source DynamoDB stand-in, as its own Node process: in memory, on 127.0.0.1 and a port the
 * system picks ({@code clients/dynalite_server.js}). Closing kills it; it also exits by itself when
 * its standard input closes, so it does not outlive a test JVM that died.
 */
public final class Dynalite implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("dynalite listening at http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Dynalite start() throws IOException, InterruptedException {
        List<String> command = List.of("node", ClientProgram.clientsFolder().resolve("dynalite_server.js").toString());
        Process process = new ProcessBuilder(command).directory(ClientProgram.clientsFolder().toFile())
            .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> forwardOutput(process, port), "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Dynalite(process, port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("dynalite did not start: " + command, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The DynamoDB client the KCL and the test share, signing with any static key in us-east-1. */
    public DynamoDbAsyncClient client() {
        return DynamoDbAsyncClient.builder()
            .endpointOverride(endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARY", "secret")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .build();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void forwardOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[dynalite] " + line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
        } catch (IOException ended) {
            // the process is gone
        }
        port.completeExceptionally(new IOException("dynalite's output ended before it listened"));
    }
}
