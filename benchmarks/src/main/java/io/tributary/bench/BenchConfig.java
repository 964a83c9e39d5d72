package io.tributary.bench;

import io.tributary.http.protocol.Encoding;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One load-generator run, read once from the command line. Immutable. Every count and time is
 * bounded: a run stops after {@code records} records or {@code duration}, whichever comes first.
 *
 * @param endpoint        a running server to drive; empty to start one from {@code serverJar}
 * @param serverPid       with an endpoint: the server's process id, to read its CPU time and memory
 * @param serverJvmOptions extra options for the server JVM this run starts (none by default)
 * @param warmup          how long to put (or read, for get-records) untimed before the measured phase
 * @param concurrency     requests in flight at once (one loop each)
 * @param clientThreads   event-loop threads of the client
 * @param consumers       fan-out: registered consumers, each subscribed to every shard
 * @param putRate         fan-out: records a second the open-loop producer puts while push latency is measured
 * @param fanOutBytesPerSecond fan-out: the started server's push rate per subscription; empty for its
 *                        default (Kinesis's 2 MiB/s)
 * @param encrypted       whether the run's stream is encrypted (StartStreamEncryption with alias/aws/kinesis)
 */
public record BenchConfig(
    Workload workload,
    Optional<URI> endpoint,
    OptionalLong serverPid,
    Path serverJar,
    List<String> serverJvmOptions,
    String durability,
    Encoding encoding,
    ClientKind client,
    HttpProtocol protocol,
    int records,
    Duration duration,
    Duration warmup,
    int shards,
    int concurrency,
    int batchSize,
    int recordBytes,
    int clientThreads,
    int consumers,
    int putRate,
    OptionalLong fanOutBytesPerSecond,
    Path out,
    boolean encrypted) {

    /** Largest run: the ledger keeps two bytes per record, for the warm-up's records and the measured ones. */
    public static final int MAX_RECORDS = 50_000_000;
    /** PutRecords takes at most 500 records per call. */
    public static final int MAX_BATCH = 500;
    /** The fan-out latency phase ends well inside a subscription's five-minute lifetime. */
    public static final Duration FAN_OUT_MAX_PHASE = Duration.ofSeconds(240);
    /** Kinesis allows at most 20 registered consumers per stream. */
    public static final int MAX_CONSUMERS = 20;
    /** Kinesis's default maximum record size. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    /** Which client speaks to the server. */
    public enum ClientKind {
        /** Vert.x HttpClient with hand-built bodies and headers: as little client cost as possible. */
        WIRE,
        /** The AWS SDK for Java v2 async client on Netty, for comparison with what users run. */
        SDK
    }

    /** HTTP version of the client's connections. */
    public enum HttpProtocol {
        HTTP1("http1"),
        /** Cleartext HTTP/2 with prior knowledge, as the SDK's async client does on http:// endpoints. */
        H2C("h2c");

        private final String flag;

        HttpProtocol(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    /** A command line that asks for help, or has a mistake. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static String help() {
        return String.join("\n",
            "Usage: java -cp benchmarks/target/benchmarks.jar io.tributary.bench.LoadGenerator --workload NAME [--flag value]...",
            "",
            "  --workload put-record|put-records|get-records|fan-out   what to measure (required)",
            "  --durability fsync|interval|memory   durability of the started server (default fsync; with --endpoint a label only)",
            "  --encoding cbor|json                 request and response encoding (default cbor, the Java SDK's)",
            "  --client wire|sdk                    lean Vert.x client, or the AWS SDK v2 async client (default wire)",
            "  --protocol http1|h2c                 HTTP version of the wire client (default http1; the SDK uses h2c)",
            "  --records N                          records to put, or the backlog for get-records (per-workload default)",
            "  --seconds S                          time bound of the measured phase (per-workload default)",
            "  --warmup-seconds S                   untimed puts (or reads, for get-records) before the measured phase (default 5;",
            "                                       20 for fan-out)",
            "  --shards N                           shards of the stream (default 4)",
            "  --concurrency N                      requests in flight (default 64 for put-record, 8 otherwise)",
            "  --batch N                            records per PutRecords call (default 500)",
            "  --record-bytes N                     data bytes per record (default 100)",
            "  --client-threads N                   client event-loop threads (default 1)",
            "  --consumers N                        fan-out: registered consumers, each subscribed to every shard (default 20)",
            "  --put-rate N                         fan-out: records/s put (open loop) while push latency is measured (default 1000)",
            "  --fan-out-bytes-per-second N         fan-out: the started server's push rate per subscription (default: the",
            "                                       server's, Kinesis's 2 MiB/s); with --endpoint a label only",
            "  --encryption none|kms                kms: encrypt the run's stream at rest with alias/aws/kinesis before the",
            "                                       run (default none)",
            "  --endpoint URL                       drive a running server instead of starting one",
            "  --server-pid PID                     with --endpoint: read that process's CPU time and memory",
            "  --server-jar PATH                    server jar to start (default http-api/target/tributary.jar)",
            "  --server-jvm-options 'OPTS'          options for the server JVM (default: none, the JVM's defaults)",
            "  --out PATH                           result JSON (default benchmarks/target/results/<workload>-<durability>.json)",
            "");
    }

    public static BenchConfig parse(String[] args) throws UsageException {
        Flags flags = new Flags(args);
        if (flags.has("help")) {
            throw new UsageException(help());
        }
        Workload workload = Workload.ofFlag(flags.required("workload"));
        String durability = flags.oneOf("durability", "fsync", List.of("fsync", "interval", "memory"));
        Encoding encoding = Encoding.valueOf(flags.oneOf("encoding", "cbor", List.of("cbor", "json")).toUpperCase(Locale.ROOT));
        ClientKind client = ClientKind.valueOf(flags.oneOf("client", "wire", List.of("wire", "sdk")).toUpperCase(Locale.ROOT));
        HttpProtocol protocol = flags.oneOf("protocol", "http1", List.of("http1", "h2c")).equals("h2c")
            ? HttpProtocol.H2C : HttpProtocol.HTTP1;
        int records = flags.integer("records", workload.defaultRecords(), 1, MAX_RECORDS);
        Duration duration = Duration.ofSeconds(flags.integer("seconds", workload.defaultSeconds(), 1, 3600));
        Duration warmup = Duration.ofSeconds(flags.integer("warmup-seconds", workload.defaultWarmupSeconds(), 0, 600));
        int shards = flags.integer("shards", 4, 1, 1000);
        int concurrency = flags.integer("concurrency", workload.defaultConcurrency(), 1, 1024);
        int batch = flags.integer("batch", MAX_BATCH, 1, MAX_BATCH);
        int recordBytes = flags.integer("record-bytes", 100, Payloads.HEADER_BYTES, MAX_RECORD_BYTES);
        int clientThreads = flags.integer("client-threads", 1, 1, 64);
        int consumers = flags.integer("consumers", MAX_CONSUMERS, 1, MAX_CONSUMERS);
        int putRate = flags.integer("put-rate", 1000, 1, 100_000);
        OptionalLong fanOutRate = flags.optional("fan-out-bytes-per-second").isEmpty() ? OptionalLong.empty()
            : OptionalLong.of(flags.integer("fan-out-bytes-per-second", 0, 1, Integer.MAX_VALUE));
        if (workload == Workload.FAN_OUT && warmup.plus(duration).compareTo(FAN_OUT_MAX_PHASE) > 0) {
            throw new UsageException("--warmup-seconds plus --seconds must stay within " + FAN_OUT_MAX_PHASE.toSeconds()
                + " s for fan-out: a subscription lasts five minutes");
        }
        if (workload == Workload.FAN_OUT && recordBytes < Payloads.TIMED_HEADER_BYTES) {
            throw new UsageException("--record-bytes must be at least " + Payloads.TIMED_HEADER_BYTES
                + " for fan-out: each record carries its number and send time");
        }
        boolean encrypted = flags.oneOf("encryption", "none", List.of("none", "kms")).equals("kms");
        Optional<URI> endpoint = flags.optional("endpoint").map(URI::create);
        OptionalLong serverPid = flags.optional("server-pid").map(pid -> OptionalLong.of(Long.parseLong(pid)))
            .orElse(OptionalLong.empty());
        Path jar = Path.of(flags.optional("server-jar").orElse("http-api/target/tributary.jar"));
        List<String> jvmOptions = flags.optional("server-jvm-options")
            .map(text -> Arrays.stream(text.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList())
            .orElse(List.of());
        Path out = Path.of(flags.optional("out")
            .orElse("benchmarks/target/results/" + workload.flag() + "-" + durability + (encrypted ? "-kms" : "") + ".json"));
        flags.rejectUnused();
        return new BenchConfig(workload, endpoint, serverPid, jar, jvmOptions, durability, encoding, client, protocol,
            records, duration, warmup, shards, concurrency, batch, recordBytes, clientThreads, consumers, putRate, fanOutRate, out, encrypted);
    }

    /** {@code --name value} and {@code --name=value} pairs, each read at most once. */
    private static final class Flags {
        private final List<String[]> pairs = new ArrayList<>();
        private final List<String> used = new ArrayList<>();

        Flags(String[] args) throws UsageException {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    pairs.add(new String[] {"help", ""});
                    continue;
                }
                if (!arg.startsWith("--")) {
                    throw new UsageException("Unexpected argument " + arg + "\n\n" + help());
                }
                int equals = arg.indexOf('=');
                if (equals > 0) {
                    pairs.add(new String[] {arg.substring(2, equals), arg.substring(equals + 1)});
                } else if (i + 1 < args.length) {
                    pairs.add(new String[] {arg.substring(2), args[++i]});
                } else {
                    throw new UsageException("Flag " + arg + " needs a value.\n\n" + help());
                }
            }
        }

        boolean has(String name) {
            return pairs.stream().anyMatch(pair -> pair[0].equals(name));
        }

        Optional<String> optional(String name) {
            used.add(name);
            return pairs.stream().filter(pair -> pair[0].equals(name)).map(pair -> pair[1]).reduce((first, last) -> last);
        }

        String required(String name) throws UsageException {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                throw new UsageException("--" + name + " is required.\n\n" + help());
            }
            return value.get();
        }

        String oneOf(String name, String defaultValue, List<String> allowed) throws UsageException {
            String value = optional(name).orElse(defaultValue).toLowerCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw new UsageException("--" + name + " must be one of " + allowed + ", not " + value);
            }
            return value;
        }

        int integer(String name, int defaultValue, int min, int max) throws UsageException {
            String text = optional(name).orElse(Integer.toString(defaultValue)).replace("_", "");
            try {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // reported below, with the flag's name
            }
            throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max + ", not " + text);
        }

        void rejectUnused() throws UsageException {
            for (String[] pair : pairs) {
                if (!used.contains(pair[0])) {
                    throw new UsageException("Unknown flag --" + pair[0] + "\n\n" + help());
                }
            }
        }
    }
}
