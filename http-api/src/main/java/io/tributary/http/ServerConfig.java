package io.tributary.http;

import io.tributary.cluster.ClusterConfig;
import io.tributary.engine.EngineConfig;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.durable.DurableFiles;
import io.tributary.engine.model.Limits;
import io.tributary.websocket.TailSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import io.tributary.http.api.FaultInjector;
import io.tributary.http.auth.AuthMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's settings, read once at start from command-line flags and their environment twins
 * ({@code --create-stream-delay-ms} and {@code TRIBUTARY_CREATE_STREAM_DELAY_MS}), and from the settings
 * file that {@code --config} names ({@link SettingsFile}); a flag wins over the environment, which wins
 * over the file, which wins over the default. Immutable; passed down, never looked up.
 */
public record ServerConfig(
    String host,
    int port,
    String region,
    String accountId,
    Duration createStreamDelay,
    Duration deleteStreamDelay,
    Duration consumerDelay,
    Duration updateStreamDelay,
    int eventLoops,
    int shardLimit,
    long maxRequestBytes,
    Path dataDirectory,
    Durability durability,
    Duration flushInterval,
    long segmentBytes,
    Duration retentionCheck,
    long fanOutBytesPerSecond,
    boolean throughputLimits,
    Duration onDemandCheck,
    List<FaultInjector.Rule> faultRules,
    Optional<Integer> tlsPort,
    Optional<Path> tlsCertificate,
    Optional<Path> tlsKey,
    Duration webSocketPingInterval,
    AuthMode auth,
    Optional<Path> credentialsFile,
    Optional<Path> keysFile,
    Optional<ClusterConfig> cluster) {

    public static final int DEFAULT_PORT = 4567;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    private static final String SECRET_FILE = "token-secret.key";

    /** Every setting: flag name, default, and what it does, in the order {@code --help} lists them. */
    public enum Setting {
        PORT("port", Integer.toString(DEFAULT_PORT), "TCP port for HTTP/1.1 and cleartext HTTP/2 (0 picks a free port)"),
        TLS_PORT("tls-port", "", "also serve https on this port: h2 with or without ALPN, and http/1.1 (0 picks a free port); off when empty"),
        TLS_CERT("tls-cert", "", "PEM certificate for the TLS port; a self-signed one for localhost is made at start when empty"),
        TLS_KEY("tls-key", "", "PEM private key of --tls-cert"),
        HOST("host", DEFAULT_HOST, "address to listen on (0.0.0.0 for every interface)"),
        REGION("region", EngineConfig.DEFAULT_REGION, "AWS region named in ARNs"),
        ACCOUNT_ID("account-id", EngineConfig.DEFAULT_ACCOUNT_ID, "12-digit AWS account id named in ARNs and messages"),
        CREATE_STREAM_DELAY_MS("create-stream-delay-ms", "0", "milliseconds a new stream stays CREATING before ACTIVE"),
        DELETE_STREAM_DELAY_MS("delete-stream-delay-ms", "0", "milliseconds a deleted stream stays DELETING before it is gone"),
        CONSUMER_DELAY_MS("consumer-delay-ms", "0", "milliseconds a consumer stays CREATING or DELETING"),
        UPDATE_STREAM_DELAY_MS("update-stream-delay-ms", "0", "milliseconds a stream stays UPDATING after a reshard"),
        EVENT_LOOPS("event-loops", Integer.toString(2 * Runtime.getRuntime().availableProcessors()),
            "event-loop threads; each runs one shard owner and one HTTP verticle"),
        SHARD_LIMIT("shard-limit", Integer.toString(Limits.DEFAULT_SHARD_LIMIT),
            "open shards allowed across provisioned streams (DescribeLimits ShardLimit)"),
        MAX_REQUEST_BYTES("max-request-bytes", Long.toString(DEFAULT_MAX_REQUEST_BYTES),
            "largest request body accepted; larger ones get 413"),
        DATA_DIR("data-dir", "data", "where shard logs and stream metadata are kept"),
        DURABILITY("durability", "fsync", "fsync (acknowledge after fsync, group commit), interval (flush every"
            + " --flush-interval-ms) or memory (nothing on disk)"),
        FLUSH_INTERVAL_MS("flush-interval-ms", Long.toString(EngineConfig.Storage.DEFAULT_FLUSH_INTERVAL.toMillis()),
            "how often the interval durability mode flushes"),
        SEGMENT_BYTES("segment-bytes", Long.toString(EngineConfig.Storage.DEFAULT_SEGMENT_BYTES),
            "size at which a shard log starts a new segment file"),
        FAN_OUT_BYTES_PER_SECOND("fan-out-bytes-per-second", Long.toString(Limits.FAN_OUT_BYTES_PER_SECOND),
            "push rate of one SubscribeToShard subscription, and of each shard of a live tail (Kinesis: 2 MiB/s per consumer"
                + " per shard)"),
        THROUGHPUT_LIMITS("throughput-limits", "on", "on: enforce shards' throughput and control-plane call rates as"
            + " Kinesis does; off: for bulk loads and benchmarks"),
        ON_DEMAND_CHECK_MS("on-demand-check-ms", "10000", "how often on-demand streams' write rates are checked"
            + " for resharding"),
        FAULT_INJECTION("fault-injection", "", "fault rules to start with, a JSON array such as"
            + " [{\"stream\":\"orders\",\"throttle\":0.3}] (see /admin/faults); none when empty"),
        RETENTION_CHECK_MS("retention-check-ms", Long.toString(EngineConfig.Storage.DEFAULT_RETENTION_CHECK.toMillis()),
            "how often records past retention are trimmed and their segments deleted"),
        WEBSOCKET_PING_MS("websocket-ping-ms", Long.toString(TailSettings.DEFAULT_PING_INTERVAL.toMillis()),
            "how often a live tail's WebSocket is pinged to keep an idle connection open"),
        CONFIG("config", "", "a YAML or .properties file of settings keyed by flag name (port: 4567); flags and"
            + " environment win over it; none when empty"),
        AUTH("auth", "off", "off (any signature accepted) or sigv4 (SigV4 verified against --credentials-file, identity and"
            + " resource policies enforced, /admin restricted)"),
        CREDENTIALS_FILE("credentials-file", "", "JSON or YAML file of access keys, principals and their identity policies;"
            + " required with --auth sigv4"),
        KEYS_FILE("keys-file", "", "JSON file of the KMS keys StartStreamEncryption may name (ids, aliases, state, key"
            + " policies; see README); only the AWS-managed alias/aws/kinesis when empty"),
        NODE_ID("node-id", "", "cluster mode: this node's id among --peers"),
        PEERS("peers", "", "cluster mode: every node as id=host:raftPort:httpPort,... (the same list on each node);"
            + " a single node when empty"),
        RAFT_PORT("raft-port", "", "cluster mode: the Raft port to listen on; this node's --peers entry's when empty"),
        REPLICATION_FACTOR("replication-factor", Integer.toString(ClusterConfig.DEFAULT_REPLICATION_FACTOR),
            "cluster mode: replicas of each shard and of the metadata (1, 3 or 5; for now equal to the number of peers)");

        private final String flag;
        private final String defaultValue;
        private final String description;

        Setting(String flag, String defaultValue, String description) {
            this.flag = flag;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String flag() {
            return "--" + flag;
        }

        public String environmentVariable() {
            return "TRIBUTARY_" + name();
        }
    }

    /** A command line that asks for help, or has a mistake, instead of settings. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static ServerConfig parse(String[] args, Map<String, String> environment) throws UsageException {
        Map<Setting, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(help());
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            Setting setting = settingOf(flag);
            if (equals >= 0) {
                flags.put(setting, arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                flags.put(setting, args[++i]);
            } else {
                throw new UsageException("Flag " + flag + " needs a value.\n\n" + help());
            }
        }
        Map<Setting, String> values = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            values.put(setting, setting.defaultValue);
        }
        String file = flags.getOrDefault(Setting.CONFIG, environment.getOrDefault(Setting.CONFIG.environmentVariable(), ""));
        if (!file.isBlank()) {
            values.putAll(SettingsFile.read(Path.of(file)));
        }
        for (Setting setting : Setting.values()) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            if (fromEnvironment != null) {
                values.put(setting, fromEnvironment);
            }
        }
        values.putAll(flags);
        return fromValues(values);
    }

    public static String help() {
        StringBuilder text = new StringBuilder("Usage: java -jar tributary.jar [--flag value]...\n\n"
            + "Every flag has an environment variable twin; the flag wins, then the environment, then --config's file.\n\n");
        for (Setting setting : Setting.values()) {
            text.append(String.format(Locale.ROOT, "  %-26s %-36s %s (default: %s)%n", setting.flag(),
                setting.environmentVariable(), setting.description, setting.defaultValue));
        }
        return text.toString();
    }

    /**
     * The engine's part of the configuration. The key that signs iterators and paging tokens is kept
     * in the data directory, so that iterators survive a restart; in memory mode it is new each run.
     */
    public EngineConfig engineConfig(Clock clock) throws IOException {
        return new EngineConfig(region, accountId, createStreamDelay, deleteStreamDelay, consumerDelay, updateStreamDelay, eventLoops, shardLimit,
            tokenSecret(), new EngineConfig.Storage(dataDirectory, durability, segmentBytes, flushInterval, retentionCheck),
            fanOutBytesPerSecond, throughputLimits, onDemandCheck, clock, keysFile);
    }

    private byte[] tokenSecret() throws IOException {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        if (durability == Durability.MEMORY) {
            return fresh;
        }
        Path file = dataDirectory.resolve(SECRET_FILE);
        if (Files.exists(file)) {
            return Files.readAllBytes(file);
        }
        Files.createDirectories(dataDirectory);
        DurableFiles.replacePrivate(file, fresh);
        return fresh;
    }

    static Setting settingOf(String flag) throws UsageException {
        for (Setting setting : Setting.values()) {
            if (setting.flag().equals(flag)) {
                return setting;
            }
        }
        throw new UsageException("Unknown flag " + flag + ".\n\n" + help());
    }

    private static ServerConfig fromValues(Map<Setting, String> values) throws UsageException {
        if (values.get(Setting.TLS_CERT).isBlank() != values.get(Setting.TLS_KEY).isBlank()) {
            throw new UsageException("--tls-cert and --tls-key go together");
        }
        String account = values.get(Setting.ACCOUNT_ID);
        if (!account.matches("\\d{12}")) {
            throw new UsageException("--account-id must be 12 digits, not " + account);
        }
        return new ServerConfig(
            values.get(Setting.HOST),
            intIn(values, Setting.PORT, 0, 65535),
            values.get(Setting.REGION),
            account,
            Duration.ofMillis(intIn(values, Setting.CREATE_STREAM_DELAY_MS, 0, Integer.MAX_VALUE)),
            Duration.ofMillis(intIn(values, Setting.DELETE_STREAM_DELAY_MS, 0, Integer.MAX_VALUE)),
            Duration.ofMillis(intIn(values, Setting.CONSUMER_DELAY_MS, 0, Integer.MAX_VALUE)),
            Duration.ofMillis(intIn(values, Setting.UPDATE_STREAM_DELAY_MS, 0, Integer.MAX_VALUE)),
            intIn(values, Setting.EVENT_LOOPS, 1, 1024),
            intIn(values, Setting.SHARD_LIMIT, 1, 1_000_000),
            intIn(values, Setting.MAX_REQUEST_BYTES, 1024, Integer.MAX_VALUE),
            Path.of(values.get(Setting.DATA_DIR)),
            durability(values.get(Setting.DURABILITY)),
            Duration.ofMillis(intIn(values, Setting.FLUSH_INTERVAL_MS, 1, 60_000)),
            intIn(values, Setting.SEGMENT_BYTES, 4096, Integer.MAX_VALUE),
            Duration.ofMillis(intIn(values, Setting.RETENTION_CHECK_MS, 10, Integer.MAX_VALUE)),
            intIn(values, Setting.FAN_OUT_BYTES_PER_SECOND, 1024, Integer.MAX_VALUE),
            onOff(values, Setting.THROUGHPUT_LIMITS),
            Duration.ofMillis(intIn(values, Setting.ON_DEMAND_CHECK_MS, 100, Integer.MAX_VALUE)),
            faultRules(values.get(Setting.FAULT_INJECTION)),
            values.get(Setting.TLS_PORT).isBlank() ? Optional.empty() : Optional.of(intIn(values, Setting.TLS_PORT, 0, 65535)),
            optionalPath(values.get(Setting.TLS_CERT)),
            optionalPath(values.get(Setting.TLS_KEY)),
            Duration.ofMillis(intIn(values, Setting.WEBSOCKET_PING_MS, 10, Integer.MAX_VALUE)),
            authMode(values),
            optionalPath(values.get(Setting.CREDENTIALS_FILE)),
            optionalPath(values.get(Setting.KEYS_FILE)),
            cluster(values));
    }

    /** Cluster mode's settings, when --peers names the cluster; Raft data goes under the data directory. */
    private static Optional<ClusterConfig> cluster(Map<Setting, String> values) throws UsageException {
        String peers = values.get(Setting.PEERS).trim();
        if (peers.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (durability(values.get(Setting.DURABILITY)) == Durability.MEMORY) {
                throw new UsageException("--durability memory cannot be used with --peers: a replica's shard logs must keep"
                    + " what its Raft group applied; use fsync or interval");
            }
            List<ClusterConfig.Peer> parsed = ClusterConfig.parsePeers(peers);
            String nodeId = values.get(Setting.NODE_ID).trim();
            int raftPort = values.get(Setting.RAFT_PORT).isBlank()
                ? parsed.stream().filter(peer -> peer.id().equals(nodeId)).mapToInt(ClusterConfig.Peer::raftPort).findFirst().orElse(0)
                : intIn(values, Setting.RAFT_PORT, 1, 65535);
            return Optional.of(new ClusterConfig(nodeId, parsed, raftPort, intIn(values, Setting.REPLICATION_FACTOR, 1, 5),
                Path.of(values.get(Setting.DATA_DIR)).resolve("raft"), ClusterConfig.DEFAULT_WRITE_TIMEOUT,
                durability(values.get(Setting.DURABILITY)) == Durability.FSYNC, onOff(values, Setting.THROUGHPUT_LIMITS)));
        } catch (IllegalArgumentException wrong) {
            throw new UsageException(wrong.getMessage());
        }
    }

    private static boolean onOff(Map<Setting, String> values, Setting setting) throws UsageException {
        String text = values.get(setting).trim();
        if (text.equalsIgnoreCase("on") || text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new UsageException(setting.flag() + " must be on or off, not " + text);
    }

    private static List<FaultInjector.Rule> faultRules(String text) throws UsageException {
        if (text.isBlank()) {
            return List.of();
        }
        try {
            List<FaultInjector.Rule> rules = new java.util.ArrayList<>();
            for (Object rule : new JsonArray(text)) {
                rules.add(FaultInjector.Rule.fromJson((JsonObject) rule));
            }
            return rules;
        } catch (RuntimeException bad) {
            throw new UsageException("--fault-injection must be a JSON array of fault rules: " + bad.getMessage());
        }
    }

    private static AuthMode authMode(Map<Setting, String> values) throws UsageException {
        AuthMode mode;
        try {
            mode = AuthMode.ofFlag(values.get(Setting.AUTH));
        } catch (IllegalArgumentException unknown) {
            throw new UsageException("--auth must be off or sigv4, not " + values.get(Setting.AUTH));
        }
        if (mode == AuthMode.SIGV4 && values.get(Setting.CREDENTIALS_FILE).isBlank()) {
            throw new UsageException("--auth sigv4 needs --credentials-file");
        }
        return mode;
    }

    private static Optional<Path> optionalPath(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
    }

    private static Durability durability(String text) throws UsageException {
        try {
            return Durability.ofFlag(text);
        } catch (IllegalArgumentException unknown) {
            throw new UsageException("--durability must be fsync, interval or memory, not " + text);
        }
    }

    private static int intIn(Map<Setting, String> values, Setting setting, int min, int max) throws UsageException {
        String text = values.get(setting);
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the flag's name
        }
        throw new UsageException(setting.flag() + " must be a whole number from " + min + " to " + max + ", not " + text);
    }
}
