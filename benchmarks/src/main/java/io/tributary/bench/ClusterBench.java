package io.tributary.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Cluster mode measured on one machine: a three-node cluster (replication factor 3) of the shaded
 * server jar, each node its own JVM and temporary data directory on loopback.
 *
 * <ol>
 *   <li>Ingest: the load generator's put-records and put-record runs against node n1 of the cluster
 *       and against a single node, in child JVMs, with the same flags and the same warm-up.</li>
 *   <li>Failover, over {@code --kills} rounds: one SDK producer per shard writes PutRecord calls
 *       through a node that survives the round; the node that leads a data group by preference
 *       (n1, n2, n3 in turn) is killed with SIGKILL. A round's failover time is, over the shards,
 *       the longest span from the last acknowledgement before the kill to the first after it.</li>
 *   <li>Catch-up: the killed node is restarted on its data directory after {@code --down-seconds};
 *       the time until it serves the Kinesis API again (JVM start, Raft log replay), then until its
 *       commit index in every data group reaches what the others had when it restarted.</li>
 *   <li>Catch-up rate, with {@code --catch-up-records N} (default 1,000,000; 0 skips it): n3 is
 *       killed, N records (PutRecords of 500 x 100 B, 8 in flight) are acknowledged through n1, and
 *       n3 is restarted on its data directory; the records it lacked over the time from its restart
 *       to its commit index reaching the others' in every data group. Then the same with n3's data
 *       directory deleted before the restart, so that it takes the whole history again.</li>
 * </ol>
 *
 * <p>Bounded: every phase is limited in seconds; nodes are stopped and their directories deleted
 * at the end. Usage: {@code java -cp benchmarks/target/benchmarks.jar io.tributary.bench.ClusterBench
 * [--kills 10] [--down-seconds 3] [--ingest-seconds 20] [--warmup-seconds 300] [--skip-ingest]
 * [--durability fsync|interval] [--put-records-concurrency 8] [--catch-up-records 1000000]}. The
 * durability applies to the cluster's nodes and the single node alike; the concurrency is the
 * PutRecords calls in flight in both ingest runs.
 */
public final class ClusterBench {
    private static final Pattern SERVING = Pattern.compile("serving the Kinesis API at http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern COMMIT = Pattern.compile("tributary_cluster_group_commit_index\\{group=\"(data-\\d+)\"} ([0-9.E+-]+)");
    private static final Path JAR = Path.of("http-api/target/tributary.jar");
    private static final Path BENCH_JAR = Path.of("benchmarks/target/benchmarks.jar");
    private static final Path RESULTS = Path.of("benchmarks/target/results");
    private static final String STREAM = "failover";
    private static final int SHARDS = 6;
    /** The load generator's largest record bound, so that its warm-up and timed phase end by time. */
    private static final String WARMUP_RECORDS = "50000000";
    private static final AtomicLong STARTS = new AtomicLong();

    private final List<Node> nodes = new ArrayList<>();
    private final String peers;
    private final String durability;

    private ClusterBench(String peers, String durability) {
        this.peers = peers;
        this.durability = durability;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        int kills = Integer.parseInt(flags.getOrDefault("kills", "10"));
        int downSeconds = Integer.parseInt(flags.getOrDefault("down-seconds", "3"));
        String ingestSeconds = flags.getOrDefault("ingest-seconds", "20");
        String warmupSeconds = flags.getOrDefault("warmup-seconds", "300");
        String durability = flags.getOrDefault("durability", "fsync");
        String putRecordsConcurrency = flags.getOrDefault("put-records-concurrency", "8");
        long catchUpRecords = Long.parseLong(flags.getOrDefault("catch-up-records", "1000000"));
        if (!List.of("fsync", "interval").contains(durability)) {
            throw new IllegalArgumentException("--durability must be fsync or interval, not " + durability);
        }
        if (!Files.isRegularFile(JAR) || !Files.isRegularFile(BENCH_JAR)) {
            throw new IOException("build first: mvn -q -B package -DskipTests");
        }
        Files.createDirectories(RESULTS);
        int[] raft = freePorts(3);
        ClusterBench bench = new ClusterBench("n1=127.0.0.1:" + raft[0] + ":0,n2=127.0.0.1:" + raft[1] + ":0,n3=127.0.0.1:"
            + raft[2] + ":0", durability);
        try {
            bench.startAll();
            if (!flags.containsKey("skip-ingest")) {
                bench.ingest(ingestSeconds, warmupSeconds, putRecordsConcurrency);
            }
            bench.failover(kills, downSeconds);
            if (catchUpRecords > 0) {
                bench.catchUp(catchUpRecords, false);
                bench.catchUp(catchUpRecords, true);
            }
        } finally {
            bench.stopAll();
        }
    }

    private void startAll() throws Exception {
        List<CompletableFuture<Node>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path data = Files.createTempDirectory("tributary-cluster-bench-");
            String id = "n" + (i + 1);
            starting.add(CompletableFuture.supplyAsync(() -> Node.start(id, data, peers, durability)));
        }
        for (CompletableFuture<Node> node : starting) {
            nodes.add(node.join());
        }
    }

    private void stopAll() throws IOException, InterruptedException {
        for (Node node : nodes) {
            node.stop();
        }
    }

    /**
     * The load generator's runs, against n1 of the cluster and then against a single node, each
     * after the same warm-up of {@code warmup} seconds (the record bound, 50 million, is above what
     * either takes in that time, so the warm-up is the time). Three JVMs compiling on two cores
     * take about five minutes of load to settle: replicated PutRecords rose from 29 to 140 thousand
     * records/s over the first six minutes while the nodes' C2 compiler threads went from a third
     * of their CPU to under 1 %; a single node settles within a minute.
     */
    private void ingest(String seconds, String warmup, String putRecordsConcurrency) throws IOException, InterruptedException {
        List<List<String>> runs = List.of(
            List.of("--workload", "put-records", "--batch", "500", "--concurrency", putRecordsConcurrency, "--record-bytes", "100",
                "--seconds", seconds, "--warmup-seconds", warmup, "--records", WARMUP_RECORDS, "--durability", durability),
            List.of("--workload", "put-record", "--concurrency", "32", "--record-bytes", "100", "--seconds", seconds,
                "--warmup-seconds", warmup, "--records", WARMUP_RECORDS, "--durability", durability));
        for (List<String> run : runs) {
            String name = run.get(1);
            List<String> cluster = new ArrayList<>(run);
            cluster.addAll(List.of("--endpoint", nodes.get(0).endpoint().toString(), "--server-pid",
                Long.toString(nodes.get(0).process.pid()), "--out", RESULTS.resolve(name + "-" + durability + "-cluster3.json").toString()));
            Map<String, Double> before = commitIndexes(nodes.get(0));
            loadGenerator(cluster);
            printEntriesPerGroup(before, commitIndexes(nodes.get(0)));
            List<String> single = new ArrayList<>(run);
            single.addAll(List.of("--out", RESULTS.resolve(name + "-" + durability + "-single.json").toString()));
            loadGenerator(single);
        }
    }

    /**
     * The Raft entries each data group committed during a run: which groups the run's shards
     * landed in (a stream's shards go round the groups, so a 4-shard stream lands 2/1/1; which
     * group takes two, and whether the entry node leads it, still changes from run to run).
     */
    private static void printEntriesPerGroup(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder line = new StringBuilder("Raft entries committed per data group during the run (warm-up included):");
        after.keySet().stream().filter(group -> group.startsWith("data-")).sorted().forEach(group -> line.append(' ')
            .append(group).append('=').append(Math.round(after.get(group) - before.getOrDefault(group, 0.0))));
        System.out.println(line);
    }

    private static void loadGenerator(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", BENCH_JAR.toString(), "io.tributary.bench.LoadGenerator"));
        command.addAll(flags);
        System.out.println("=== " + String.join(" ", flags));
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("the load generator failed with status " + status);
        }
    }

    private void failover(int kills, int downSeconds) throws Exception {
        try (KinesisAsyncClient control = client(nodes.get(0).endpoint())) {
            control.createStream(request -> request.streamName(STREAM).shardCount(SHARDS)).join();
            while (control.describeStreamSummary(request -> request.streamName(STREAM)).join().streamDescriptionSummary()
                .streamStatus() != StreamStatus.ACTIVE) {
                Thread.sleep(100);
            }
            List<Shard> shards = control.listShards(request -> request.streamName(STREAM)).join().shards();
            Producers producers = new Producers(shards);
            producers.start();
            List<long[]> rounds = new ArrayList<>();
            try {
                Thread.sleep(3000);
                for (int round = 0; round < kills; round++) {
                    int victim = round % 3;
                    producers.writeThrough(nodes.get((victim + 1) % 3).endpoint());
                    Thread.sleep(2000);
                    long killed = System.nanoTime();
                    long[] lastBefore = producers.lastAcks();
                    nodes.get(victim).kill();
                    Thread.sleep(downSeconds * 1000L);
                    long failover = producers.awaitLongestGap(lastBefore, killed, Duration.ofSeconds(60));
                    Map<String, Double> target = new HashMap<>();
                    for (int other = 1; other <= 2; other++) {
                        commitIndexes(nodes.get((victim + other) % 3)).forEach((group, index) -> target.merge(group, index, Math::max));
                    }
                    long restarted = System.nanoTime();
                    nodes.set(victim, nodes.get(victim).restart(peers, durability));
                    long serving = System.nanoTime();
                    long caughtUp = awaitCaughtUp(nodes.get(victim), target);
                    rounds.add(new long[] {round + 1, victim + 1, failover, serving - restarted, caughtUp - serving});
                    System.out.printf("round %d: killed n%d; failover %d ms; restarted node serving after %d ms, caught up %d ms"
                        + " later%n", round + 1, victim + 1, TimeUnit.NANOSECONDS.toMillis(failover),
                        TimeUnit.NANOSECONDS.toMillis(serving - restarted), TimeUnit.NANOSECONDS.toMillis(caughtUp - serving));
                }
            } finally {
                producers.stop();
            }
            report(rounds, producers);
        }
    }

    /**
     * Kills n3, acknowledges {@code records} through n1 (a new 4-shard stream), restarts n3 (on an
     * emptied data directory when {@code emptied}) and prints how fast it caught up.
     */
    private void catchUp(long records, boolean emptied) throws Exception {
        String stream = "catch-up-" + (emptied ? "emptied" : "restarted");
        Node victim = nodes.get(2);
        try (KinesisAsyncClient client = client(nodes.get(0).endpoint())) {
            client.createStream(request -> request.streamName(stream).shardCount(4)).join();
            while (client.describeStreamSummary(request -> request.streamName(stream)).join().streamDescriptionSummary()
                .streamStatus() != StreamStatus.ACTIVE) {
                Thread.sleep(100);
            }
            victim.kill();
            long written = putRecords(client, stream, records);
            Map<String, Double> target = new HashMap<>();
            for (int other = 0; other <= 1; other++) {
                commitIndexes(nodes.get(other)).forEach((group, index) -> target.merge(group, index, Math::max));
            }
            if (emptied) {
                victim.deleteData();
            }
            long restarted = System.nanoTime();
            nodes.set(2, victim.restart(peers, durability));
            long serving = System.nanoTime();
            long caughtUp = awaitCaughtUp(nodes.get(2), target);
            double seconds = (caughtUp - restarted) / 1e9;
            if (emptied) {
                long bytes = sizeOf(nodes.get(2).data);
                System.out.printf("catch-up (data directory deleted): n3 took the whole history again, %,d MiB on its disk now"
                        + " (%,d records copied from the leaders' shard logs, the rest from their Raft logs);"
                        + " serving %d ms after its restart, caught up %d ms after it: %,.1f MiB/s%n", bytes >> 20,
                    nodes.get(2).copiedRecords(),
                    TimeUnit.NANOSECONDS.toMillis(serving - restarted), TimeUnit.NANOSECONDS.toMillis(caughtUp - restarted),
                    bytes / seconds / (1 << 20));
            } else {
                System.out.printf("catch-up (restarted on its data directory): n3 lacked %,d records (100 B); serving %d ms after"
                        + " its restart, caught up %d ms after it: %,.0f records/s%n", written,
                    TimeUnit.NANOSECONDS.toMillis(serving - restarted), TimeUnit.NANOSECONDS.toMillis(caughtUp - restarted),
                    written / seconds);
            }
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    /** Acknowledges at least {@code records} records of 100 B through {@code client}, 500 a call, 8 calls in flight. */
    private static long putRecords(KinesisAsyncClient client, String stream, long records) throws InterruptedException {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (acknowledged.get() < records && System.nanoTime() < deadline) {
            inFlight.acquire();
            long call = sent.getAndIncrement();
            List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> entries = new ArrayList<>(500);
            for (int i = 0; i < 500; i++) {
                entries.add(software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
                    .partitionKey(call + "-" + i).data(SdkBytes.fromByteArray(new byte[100])).build());
            }
            client.putRecords(request -> request.streamName(stream).records(entries)).whenComplete((reply, failure) -> {
                if (failure == null) {
                    acknowledged.addAndGet(entries.size() - reply.failedRecordCount());
                }
                inFlight.release();
            });
        }
        inFlight.acquire(8);
        return acknowledged.get();
    }

    private static void report(List<long[]> rounds, Producers producers) throws IOException {
        StringBuilder table = new StringBuilder("| round | killed | failover (ms) | restart to serving (ms) | serving to caught up (ms) |\n"
            + "|---|---|---|---|---|\n");
        for (long[] round : rounds) {
            table.append(String.format("| %d | n%d | %d | %d | %d |%n", round[0], round[1], TimeUnit.NANOSECONDS.toMillis(round[2]),
                TimeUnit.NANOSECONDS.toMillis(round[3]), TimeUnit.NANOSECONDS.toMillis(round[4])));
        }
        long worst = rounds.stream().mapToLong(round -> round[2]).max().orElse(0);
        table.append(String.format("%nworst failover %d ms over %d kills; %d records acknowledged, %d calls failed and retried%n",
            TimeUnit.NANOSECONDS.toMillis(worst), rounds.size(), producers.acknowledged.get(), producers.failed.get()));
        System.out.print(table);
        Files.writeString(RESULTS.resolve("cluster-failover.md"), table);
    }

    /** Waits until {@code node}'s commit index in every data group reaches {@code target}; the time it did. */
    private static long awaitCaughtUp(Node node, Map<String, Double> target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Double> here = commitIndexes(node);
                if (target.entrySet().stream().allMatch(group -> here.getOrDefault(group.getKey(), -1.0) >= group.getValue())) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(node.id + " did not catch up in 120 s");
    }

    private static Map<String, Double> commitIndexes(Node node) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(node.endpoint().resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        Map<String, Double> values = new HashMap<>();
        Matcher matcher = COMMIT.matcher(metrics.body());
        while (matcher.find()) {
            values.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return values;
    }

    private static KinesisAsyncClient client(URI endpoint) {
        return KinesisAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRIBUTARYBENCH", "bench")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
            .overrideConfiguration(config -> config.retryStrategy(DefaultRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(15)))
            .build();
    }

    /**
     * One loop per shard, one PutRecord at a time with the shard's starting hash key, through the
     * node named by {@link #writeThrough}; a failed call is retried after 20 ms.
     */
    private static final class Producers {
        private final List<Shard> shards;
        private final AtomicLongArray lastAck;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final Map<URI, KinesisAsyncClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile URI through;
        /** Per shard, the acknowledgement times after the last kill, for the gap. */
        private final List<List<Long>> acks = new ArrayList<>();

        Producers(List<Shard> shards) {
            this.shards = shards;
            this.lastAck = new AtomicLongArray(shards.size());
            for (int i = 0; i < shards.size(); i++) {
                acks.add(java.util.Collections.synchronizedList(new ArrayList<>()));
            }
        }

        void writeThrough(URI endpoint) {
            through = endpoint;
        }

        void start() {
            for (int i = 0; i < shards.size(); i++) {
                int shard = i;
                Thread thread = new Thread(() -> produce(shard), "producer-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        private void produce(int shard) {
            String hashKey = shards.get(shard).hashKeyRange().startingHashKey();
            SdkBytes data = SdkBytes.fromByteArray(new byte[100]);
            while (running.get()) {
                URI endpoint = through;
                if (endpoint == null) {
                    sleep(20);
                    continue;
                }
                try {
                    clients.computeIfAbsent(endpoint, ClusterBench::client).putRecord(request -> request.streamName(STREAM)
                        .partitionKey("k").explicitHashKey(hashKey).data(data)).join();
                    long now = System.nanoTime();
                    lastAck.set(shard, now);
                    acks.get(shard).add(now);
                    acknowledged.incrementAndGet();
                } catch (RuntimeException refused) {
                    failed.incrementAndGet();
                    sleep(20);
                }
            }
        }

        long[] lastAcks() {
            long[] copy = new long[shards.size()];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = lastAck.get(i);
                acks.get(i).clear();
            }
            return copy;
        }

        /**
         * Over the shards, the longest span from its last acknowledgement before {@code killed} to its
         * first after, waiting up to {@code wait} for every shard to take a write again.
         */
        long awaitLongestGap(long[] lastBefore, long killed, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            long longest = 0;
            for (int i = 0; i < shards.size(); i++) {
                long firstAfter = firstAfter(i, killed);
                while (firstAfter == Long.MAX_VALUE) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("shard " + i + " took no write in " + wait + " after the kill");
                    }
                    Thread.sleep(10);
                    firstAfter = firstAfter(i, killed);
                }
                longest = Math.max(longest, firstAfter - lastBefore[i]);
            }
            return longest;
        }

        private long firstAfter(int shard, long killed) {
            synchronized (acks.get(shard)) {
                return acks.get(shard).stream().filter(time -> time > killed).min(Comparator.naturalOrder()).orElse(Long.MAX_VALUE);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(20_000);
            }
            clients.values().forEach(KinesisAsyncClient::close);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One node's JVM, started from the shaded jar on its data directory. */
    private static final class Node {
        private final String id;
        private final Path data;
        private final Process process;
        private final int port;
        private final Path log;

        private Node(String id, Path data, Process process, int port, Path log) {
            this.id = id;
            this.data = data;
            this.process = process;
            this.port = port;
            this.log = log;
        }

        /** The records this node's log says it copied from leaders to catch up with their snapshots. */
        long copiedRecords() throws IOException {
            Matcher copied = Pattern.compile("Copied (\\d+) records from").matcher(Files.readString(log));
            long records = 0;
            while (copied.find()) {
                records += Long.parseLong(copied.group(1));
            }
            return records;
        }

        static Node start(String id, Path data, String peers, String durability) {
            try {
                Path log = RESULTS.resolve("cluster-" + id + "-" + STARTS.incrementAndGet() + ".log");
                List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toString(), "--port", "0", "--host", "127.0.0.1", "--data-dir", data.toString(),
                    "--throughput-limits", "off", "--durability", durability, "--node-id", id, "--peers", peers,
                    "--replication-factor", "3");
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (System.nanoTime() < deadline) {
                    Matcher serving = SERVING.matcher(Files.exists(log) ? Files.readString(log) : "");
                    if (serving.find()) {
                        return new Node(id, data, process, Integer.parseInt(serving.group(1)), log);
                    }
                    if (!process.isAlive()) {
                        break;
                    }
                    Thread.sleep(50);
                }
                process.destroyForcibly();
                throw new IOException(id + " did not start; see " + log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        Node restart(String peers, String durability) {
            return start(id, data, peers, durability);
        }

        /** Empties the data directory of this node, which is stopped. */
        void deleteData() throws IOException {
            deleteTree();
            Files.createDirectories(data);
        }

        void stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
            deleteTree();
        }

        private void deleteTree() throws IOException {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            boolean valued = i + 1 < args.length && !args[i + 1].startsWith("--");
            flags.put(name, valued ? args[++i] : "");
        }
        return flags;
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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
}
