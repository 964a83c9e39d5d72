package io.tributary.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.support.Clients;
import io.tributary.http.support.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Three Tributary JVMs on loopback forming one cluster (replication factor 3), for the cluster
 * tests: starting, killing, pausing and restarting nodes, writing with a record of which attempts
 * were acknowledged, reading a stream back from a node, and finding which node leads the group
 * holding a stream's shards, from the nodes' own metrics.
 *
 * <p>Records are written down as {@code shardId/sequenceNumber/data}. Writes go through clients
 * without retries, and a 5xx or a failed connection is retried here, so it is known which attempts
 * were not acknowledged: as with Kinesis, such an attempt may still have been committed.
 *
 * <p>Not thread-safe, except {@link #putBatch} and the record sets, which producer threads share.
 */
final class ThreeNodes implements AutoCloseable {
    /**
     * Held by every test class that starts a cluster, so that one cluster of three server JVMs runs at
     * a time beside the other tests: two at once starved the rest of a two-core machine (a browser
     * test and a KCL shutdown timed out in CI).
     */
    static final String LOCK = "three-server-jvms";
    private static final List<String> IDS = List.of("n1", "n2", "n3");

    private final Path data;
    private final String peers;
    private final List<String> jvmOptions;
    private final List<String> serverFlags;
    private final ServerProcess[] nodes = new ServerProcess[3];
    /** Records acknowledged to a producer, as shard/sequence/data. */
    final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The data of records in attempts answered with a 5xx or lost with the connection. */
    final Set<String> unacknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<java.net.URI, KinesisClient> writers = new java.util.concurrent.ConcurrentHashMap<>();

    private ThreeNodes(Path data, String peers, List<String> jvmOptions, List<String> serverFlags) {
        this.data = data;
        this.peers = peers;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.serverFlags = List.copyOf(serverFlags);
    }

    /** Starts the three nodes at once (each waits for the others' Raft ports) and returns when all serve. */
    static ThreeNodes start(Path data) throws IOException, InterruptedException {
        return start(data, List.of());
    }

    /** {@link #start(Path)}, each node's JVM also given {@code extraJvmOptions} (Ratis settings, say). */
    static ThreeNodes start(Path data, List<String> extraJvmOptions) throws IOException, InterruptedException {
        return start(data, extraJvmOptions, List.of());
    }

    /** {@link #start(Path, List)}, each node also started with {@code serverFlags} (its durability, say). */
    static ThreeNodes start(Path data, List<String> extraJvmOptions, List<String> serverFlags) throws IOException, InterruptedException {
        int[] raftPorts = freePorts(3);
        String peers = "n1=127.0.0.1:" + raftPorts[0] + ":0,n2=127.0.0.1:" + raftPorts[1] + ":0,n3=127.0.0.1:"
            + raftPorts[2] + ":0";
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
        jvmOptions.addAll(extraJvmOptions);
        ThreeNodes cluster = new ThreeNodes(data, peers, jvmOptions, serverFlags);
        List<Thread> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int node = i;
            Thread thread = new Thread(() -> cluster.nodes[node] = cluster.launch(node));
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        return cluster;
    }

    ServerProcess node(int index) {
        return nodes[index];
    }

    void kill(int index) throws InterruptedException {
        nodes[index].kill();
    }

    /** Stops node {@code index} with SIGTERM and asserts that it exits, its shutdown hook done, within 20 s. */
    void stop(int index) throws InterruptedException {
        assertTrue(nodes[index].terminate(20), "node " + IDS.get(index) + " exits on SIGTERM");
    }

    /** Node {@code index}'s data directory: its shard logs, and its Raft logs and snapshots under {@code raft/}. */
    Path dataDirectory(int index) {
        return data.resolve(IDS.get(index));
    }

    /** Starts a killed or stopped node again on the same data directory; it serves on a new HTTP port. */
    void restart(int index) {
        nodes[index] = launch(index);
    }

    /** SIGSTOP: the node's JVM stops dead, connections open, as under a long GC pause or a frozen VM. */
    void pause(int index) throws IOException, InterruptedException {
        signal(index, "-STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume(int index) throws IOException, InterruptedException {
        signal(index, "-CONT");
    }

    private void signal(int index, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(nodes[index].pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill " + signal);
    }

    /** A shared client without retries for node {@code index} as it serves now (thread-safe, closed with the cluster). */
    KinesisClient writer(int index) {
        return writers.computeIfAbsent(nodes[index].endpoint(), Clients::syncWithoutRetries);
    }

    /** Creates {@code stream} through n1 and waits until every node has it ACTIVE. */
    void createStream(String stream, int shards) throws InterruptedException {
        try (KinesisClient first = Clients.sync(nodes[0].endpoint())) {
            first.createStream(request -> request.streamName(stream).shardCount(shards));
        }
        for (ServerProcess node : nodes) {
            awaitActive(node, stream);
        }
    }

    @Override
    public void close() {
        writers.values().forEach(KinesisClient::close);
        for (int i = 0; i < 3; i++) {
            if (nodes[i] != null) {
                try {
                    resume(i);
                } catch (IOException | InterruptedException | AssertionError ignored) {
                    // the node is gone already
                }
                nodes[i].close();
            }
        }
    }

    private ServerProcess launch(int index) {
        try {
            List<String> flags = new ArrayList<>(List.of("--peers", peers, "--node-id", IDS.get(index), "--replication-factor", "3"));
            flags.addAll(serverFlags);
            return ServerProcess.start(data.resolve(IDS.get(index)), jvmOptions, flags.toArray(String[]::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code node} sees {@code stream} ACTIVE (its catalog has applied the change). */
    static void awaitActive(ServerProcess node, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KinesisClient client = Clients.sync(node.endpoint())) {
            while (System.nanoTime() < deadline) {
                try {
                    if (client.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary()
                        .streamStatus() == StreamStatus.ACTIVE) {
                        return;
                    }
                } catch (ResourceNotFoundException notYet) {
                    // the node's catalog has not applied the creation yet
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the stream did not become ACTIVE on " + node.endpoint());
    }

    /**
     * Waits until {@code more} records beyond those acknowledged now have been acknowledged, for at
     * most {@code wait} and no longer once a producer has failed; returns whether they were.
     */
    boolean awaitMoreAcknowledged(int more, Duration wait, Producers producers) throws InterruptedException {
        int target = acknowledged.size() + more;
        long deadline = System.nanoTime() + wait.toNanos();
        while (acknowledged.size() < target && System.nanoTime() < deadline && producers.failures().isEmpty()) {
            Thread.sleep(100);
        }
        return acknowledged.size() >= target;
    }

    /**
     * Puts {@code count} records named {@code prefix + i} in one PutRecords call through whichever
     * live node {@code pick} gives for each attempt, retrying after a 5xx or a lost connection (those
     * attempts' records go in {@link #unacknowledged}). The acknowledged records go in
     * {@link #acknowledged} and are returned.
     */
    List<String> putBatch(java.util.function.IntFunction<KinesisClient> pick, String stream, String prefix, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(prefix + i).data(SdkBytes.fromUtf8String(prefix + i)).build());
        }
        PutRecordsResponse response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = pick.apply(attempt).putRecords(request -> request.streamName(stream).records(entries));
            } catch (KinesisException | SdkClientException failed) {
                boolean retriable = !(failed instanceof KinesisException refused) || refused.statusCode() >= 500;
                if (!retriable || attempt == 20) {
                    throw failed;
                }
                for (int i = 0; i < count; i++) {
                    unacknowledged.add(prefix + i);
                }
                sleep(200);
            }
        }
        assertEquals(0, response.failedRecordCount(), "no entry failed");
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PutRecordsResultEntry result = response.records().get(i);
            placed.add(result.shardId() + "/" + result.sequenceNumber() + "/" + prefix + i);
        }
        acknowledged.addAll(placed);
        return placed;
    }

    /** Every record of the stream as shard/sequence/data, shard by shard in sequence order, read from {@code node}. */
    static List<String> readAll(ServerProcess node, String stream) {
        List<String> records = new ArrayList<>();
        try (KinesisClient client = Clients.sync(node.endpoint())) {
            for (Shard shard : client.listShards(request -> request.streamName(stream)).shards()) {
                String iterator = client.getShardIterator(request -> request.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    GetRecordsResponse page = client.getRecords(request -> request.shardIterator(current));
                    page.records().forEach(record -> records.add(shard.shardId() + "/" + record.sequenceNumber() + "/"
                        + new String(record.data().asByteArray(), StandardCharsets.UTF_8)));
                    iterator = page.records().isEmpty() || page.millisBehindLatest() == 0 && page.records().size() < 10_000
                        ? null : page.nextShardIterator();
                }
            }
        }
        return records;
    }

    /**
     * Every acknowledged record once, at its sequence number; besides them only records of attempts
     * that were not acknowledged; no shard and sequence number twice.
     */
    void assertHoldsExactlyWhatWasAcknowledged(List<String> held) {
        Set<String> positions = new HashSet<>();
        for (String record : held) {
            String position = record.substring(0, record.lastIndexOf('/'));
            assertTrue(positions.add(position), "one record at " + position);
        }
        Set<String> heldSet = new TreeSet<>(held);
        for (String record : acknowledged) {
            assertTrue(heldSet.contains(record), "the acknowledged record " + record + " is served");
        }
        for (String record : held) {
            String data = record.substring(record.lastIndexOf('/') + 1);
            assertTrue(acknowledged.contains(record) || unacknowledged.contains(data),
                "the record " + record + " was either acknowledged or written by an attempt that was not");
        }
    }

    /** A per-group cluster gauge as {@code node} reports it, by group name (metadata, data-0, ...). */
    static Map<String, Double> gauge(ServerProcess node, String series) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(node.endpoint().resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        Map<String, Double> values = new HashMap<>();
        Matcher matcher = Pattern.compile(series + "\\{group=\"([a-z0-9-]+)\"} ([0-9.E+-]+)").matcher(metrics.body());
        while (matcher.find()) {
            values.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return values;
    }

    /** The index of the node that says it leads {@code group}, waiting up to 20 s for one to. */
    int awaitLeaderOf(String group) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            int leader = leaderOf(group);
            if (leader >= 0) {
                return leader;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no node leads " + group);
    }

    /** The index of the node that says it leads {@code group}, or -1 while none does. */
    int leaderOf(String group) throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            if (nodes[i].isAlive() && gauge(nodes[i], "tributary_cluster_group_leader").getOrDefault(group, 0.0) == 1.0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The data group that holds the records written by {@code write}: the one whose commit index
     * moved on {@code node} while it ran (nothing else is written meanwhile). A group whose leader is
     * still being elected, or moved to its preferred node, just after the cluster starts also commits
     * entries of its own (the new leader's first), so while more than one group moves, the write is
     * made again, up to five times in all.
     */
    static String groupWritten(ServerProcess node, Runnable write) throws IOException, InterruptedException {
        String seen = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Double> before = gauge(node, "tributary_cluster_group_commit_index");
            write.run();
            Thread.sleep(500);
            Map<String, Double> after = gauge(node, "tributary_cluster_group_commit_index");
            List<String> moved = after.keySet().stream().filter(group -> group.startsWith("data-"))
                .filter(group -> after.get(group) > before.getOrDefault(group, -1.0)).toList();
            if (moved.size() == 1) {
                return moved.get(0);
            }
            seen += " " + before + " then " + after + ";";
        }
        throw new AssertionError("exactly one data group took the writes:" + seen);
    }

    static HttpResponse<String> get(ServerProcess node, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.endpoint().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }

    /** One producer's batch number {@code batch}. */
    @FunctionalInterface
    interface Batch {
        void write(int producer, int batch) throws Exception;
    }

    /** Producer threads writing batch after batch until stopped (or a bound), keeping what they threw. */
    static final class Producers {
        private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** Starts {@code count} producers, each writing at most {@code maxBatches} batches. */
        static Producers start(int count, int maxBatches, Batch batch) {
            Producers producers = new Producers();
            for (int p = 0; p < count; p++) {
                int id = p;
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = 0; n < maxBatches && producers.writing.get(); n++) {
                            batch.write(id, n);
                        }
                    } catch (Throwable failed) {
                        producers.failures.add(failed);
                    }
                }, "producer-" + p);
                thread.start();
                producers.threads.add(thread);
            }
            return producers;
        }

        List<Throwable> failures() {
            return failures;
        }

        /** Stops the producers after their current batch and waits for them (up to two minutes each). */
        void stop() throws InterruptedException {
            writing.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(120).toMillis());
            }
        }
    }
}
