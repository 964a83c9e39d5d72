package io.tributary.cluster;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.log.AppendEntry;
import io.tributary.engine.log.ReadBatch;
import io.tributary.engine.model.ShardId;
import io.tributary.engine.replication.CatalogConflictException;
import io.tributary.engine.replication.CatalogReplication;
import io.tributary.engine.replication.RemoteShard;
import io.tributary.engine.replication.Replication;
import io.tributary.engine.replication.ShardReplication;
import io.tributary.engine.shard.AppendResult;
import io.tributary.engine.shard.ShardClosedException;
import io.tributary.engine.stream.Catalog;
import io.tributary.engine.stream.StreamCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.api.AsyncApi;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster: one Ratis server hosting the metadata group and the data groups
 * this node is a member of, and one Raft client per group, through which any node proposes any
 * write (the client finds the group's leader and retries on NotLeader; there is no forwarding of
 * our own). It is the engine's {@link Replication}: catalog changes go to the metadata group,
 * shard writes to their data group, and reads wait for a linearizable read index at the local
 * replica before reading the local shard log.
 *
 * <p>Lifecycle: created with its configuration, handed to the engine (which binds it to the catalog
 * through {@link #catalog}), then {@link #start}ed before the HTTP server listens.
 *
 * <p>Concurrency: thread-safe; Ratis runs the state machines on its own threads.
 */
public final class ClusterNode implements Replication, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** How long a follower's log and state machine may stand still before it checks it can still read. */
    private static final Duration STUCK_WAIT = Duration.ofSeconds(5);
    /** How long a follower waits after asking a leader to step down before it asks again. */
    private static final Duration STUCK_RETRY = Duration.ofSeconds(30);
    /** How long the follower watch's read barrier waits (Ratis's own read timeout is 5 s). */
    private static final Duration STUCK_PROBE_TIMEOUT = Duration.ofSeconds(8);
    /** Entries between snapshots of a group; the Raft log is purged up to each snapshot. */
    private static final long SNAPSHOT_EVERY_ENTRIES = 20_000;
    /** How long a read barrier waits before asking a replica again that could not answer. */
    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(100);

    private final ClusterConfig config;
    private final GroupLayout layout;
    private final RaftPeerId self;
    private final Map<RaftGroupId, StateMachine> machines = new HashMap<>();
    /** This node's Raft client of each group; one is replaced when Ratis has closed it for good ({@link #send}). */
    private final Map<RaftGroupId, RaftClient> clients = new ConcurrentHashMap<>();
    private RaftProperties clientProperties;
    private MetadataStateMachine metadata;
    private RaftServer server;
    private volatile boolean started;
    private volatile boolean closed;
    private final CompletableFuture<byte[]> tokenSecret = new CompletableFuture<>();
    private volatile EntryKey entryKey;

    private final MeterRegistry registry;
    private final Map<RaftGroupId, Timer> commitLatency = new HashMap<>();
    private final Map<RaftGroupId, GroupProposer> proposers = new HashMap<>();

    /** A node recording its per-group meters ({@link ClusterMeter}) in {@code registry}. */
    public ClusterNode(ClusterConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.layout = new GroupLayout(config);
        this.self = RaftPeerId.valueOf(config.nodeId());
        for (RaftGroup group : layout.data()) {
            proposers.put(group.getGroupId(), new GroupProposer(group.getGroupId()));
        }
    }

    public ClusterConfig config() {
        return config;
    }

    @Override
    public CatalogReplication catalog(StreamCatalog catalog) {
        SnapshottingStateMachine.Peers peers = this::ask;
        metadata = new MetadataStateMachine(catalog, peers);
        machines.put(layout.metadata().getGroupId(), metadata);
        for (RaftGroup group : layout.data()) {
            machines.put(group.getGroupId(), new ShardGroupStateMachine(catalog, metadata, peers, this::catalogCaughtUp,
                config.throughputLimits(), this::entryKey));
        }
        return new ReplicatedCatalog();
    }

    @Override
    public ShardReplication shard(String streamName, long streamCreatedMillis, ShardId shard) {
        return new ReplicatedShard(layout.groupOf(streamName, streamCreatedMillis, shard), streamName, streamCreatedMillis, shard);
    }

    /**
     * Starts the Raft server with every group of this node (recovering those already on disk) and
     * the clients. Blocking: call it off the event loops, after the engine has bound the catalog.
     */
    public void start() throws IOException {
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2) {
            LOG.warn("The common fork-join pool has one thread, so Ratis starts a thread for every async step;"
                + " set -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 (the server's main does)");
        }
        RaftProperties properties = properties();
        File storage = config.storageDirectory().toFile();
        boolean fresh = !new File(storage, layout.metadata().getGroupId().getUuid().toString()).exists();
        server = RaftServer.newBuilder()
            .setServerId(self)
            .setProperties(properties)
            .setParameters(new Parameters())
            .setStateMachineRegistry(machines::get)
            .setGroup(layout.metadata())
            .setOption(fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
            .build();
        // Groups new to this node are added before the server starts its RPC service, as the groups it
        // recovers from disk are: a group added while the service runs can be told by its leader to
        // install a snapshot before Ratis has started it, and then fails to start (RoleInfo's
        // "previous != null"), which ended a node back with an empty disk.
        for (RaftGroup group : layout.data()) {
            boolean member = group.getPeer(self) != null;
            boolean onDisk = new File(storage, group.getGroupId().getUuid().toString()).exists();
            if (member && !onDisk) {
                server.groupManagement(GroupManagementRequest.newAdd(ClientId.randomId(), self, 0, group));
            }
        }
        server.start();
        clientProperties = clientProperties();
        clients.put(layout.metadata().getGroupId(), client(layout.metadata(), clientProperties));
        for (RaftGroup group : layout.data()) {
            clients.put(group.getGroupId(), client(group, clientProperties));
        }
        registerMeters();
        watchFollowers();
        boolean quorum = awaitCatalog();
        agreeOnTokenSecret();
        if (quorum) {
            try {
                tokenSecret.get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Serving with this node's own token secret until the cluster's is agreed");
            }
        }
        started = true;
        LOG.info("Cluster node {} is up: Raft on port {}, {} data groups of {} nodes", config.nodeId(), config.raftPort(),
            layout.data().size(), config.replicationFactor());
    }

    /**
     * Watches this node's replicas that follow another node, for one the leader no longer feeds: a
     * Ratis leader never lowers what it knows a follower holds, so a follower that lost entries it had
     * acknowledged (a node back with its disk lost or replaced), or that a leader miscounted, refuses
     * every append from there on, for ever, and its reads wait in vain. When a replica's log and
     * state machine have stood still for {@link #STUCK_WAIT} while another node leads, and not while
     * it catches up from a snapshot, a read barrier tells: a replica that can serve reads is idle,
     * one that cannot is stuck, and it asks the leader to step down (again every {@link #STUCK_RETRY}
     * while it lasts). The next leader, often the same node again by priority, starts knowing nothing
     * of this node's log, so it finds where the two agree and sends from there, or has it catch up
     * from a snapshot (SnapshottingStateMachine). Runs on one daemon thread until the node closes.
     */
    private void watchFollowers() {
        List<RaftGroupId> groups = new ArrayList<>(List.of(layout.metadata().getGroupId()));
        layout.data().stream().filter(group -> group.getPeer(self) != null).forEach(group -> groups.add(group.getGroupId()));
        Thread watch = new Thread(() -> {
            Map<RaftGroupId, FollowerProgress> progress = new HashMap<>();
            while (!closed) {
                for (RaftGroupId group : groups) {
                    watchFollower(group, progress);
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tributary-follower-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Where a follower's log and state machine stood, and since when (nanoTime); {@code asked}: a step-down is asked. */
    private record FollowerProgress(long nextIndex, long applied, long since, boolean asked) {
    }

    /** The progress of a replica Ratis closed after its log failed to write. */
    private static final FollowerProgress FAILED = new FollowerProgress(-1, -1, 0, false);

    private void watchFollower(RaftGroupId group, Map<RaftGroupId, FollowerProgress> progress) {
        try {
            if (!open(group)) {
                if (progress.put(group, FAILED) != FAILED) {
                    LOG.error("{}'s replica of {} is closed: its Raft log failed to write (a full disk?). It takes no part"
                        + " in the group until this node restarts; /health/ready says so", self, group);
                }
                return;
            }
            RaftServer.Division division = server.getDivision(group);
            RaftPeerId leader = division.getInfo().getLeaderId();
            long now = System.nanoTime();
            long nextIndex = division.getRaftLog().getNextIndex();
            long applied = division.getInfo().getLastAppliedIndex();
            FollowerProgress last = progress.get(group);
            boolean catchingUp = machines.get(group) instanceof SnapshottingStateMachine machine && machine.catchingUp();
            if (leader == null || leader.equals(self) || catchingUp || last == null
                    || last.nextIndex() != nextIndex || last.applied() != applied) {
                progress.put(group, new FollowerProgress(nextIndex, applied, now, false));
                return;
            }
            long wait = (last.asked() ? STUCK_RETRY : STUCK_WAIT).toNanos();
            if (now - last.since() < wait) {
                return;
            }
            if (readable(group)) {
                progress.put(group, new FollowerProgress(nextIndex, applied, System.nanoTime(), false));
                return;
            }
            LOG.warn("{}'s replica of {} has stood at log index {} (applied {}) for {} s and cannot serve a read though {}"
                + " leads it: the leader may count on entries this replica does not hold; asking it to step down",
                self, group, nextIndex - 1, applied, (now - last.since()) / 1_000_000_000L, leader);
            progress.put(group, new FollowerProgress(nextIndex, applied, System.nanoTime(), true));
            client(group).admin().transferLeadership(null, leader, STUCK_WAIT.toMillis());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Watching {}'s replica of {}: {}", self, group, e.toString());
        }
    }

    /** Whether this node's replica of {@code group} passes a read barrier within {@link #STUCK_PROBE_TIMEOUT}. */
    private boolean readable(RaftGroupId group) {
        try {
            RaftClientReply reply = client(group).async().sendReadOnlyUnordered(Message.EMPTY, self)
                .get(STUCK_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return reply.isSuccess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Waits, within the write timeout, until this node's catalog holds every change the metadata
     * group committed (a read index on it), so that a node restarting, or coming back after streams
     * were created without it, does not answer ResourceNotFound for streams it has not applied yet:
     * at start a replica applies only what its own log holds as committed, which misses every change
     * made while it was away. Without a quorum the node goes on with the catalog it has, as before,
     * and says so.
     */
    private boolean awaitCatalog() {
        try {
            catalogCaughtUp().get(config.writeTimeout().toMillis() + READ_RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The stream catalog could not be caught up with the metadata group's leader (no quorum yet);"
                + " serving the catalog this node has: {}", unwrap(e).toString());
        }
        return false;
    }

    /**
     * The secret every node signs and verifies shard iterators and paging tokens with, so that a
     * token one node made is good on any (a client behind a load balancer may ask one node for a
     * shard iterator and another for the records): the first one proposed to the metadata group. Complete once this node knows
     * it, which {@link #start} waits for (within the write timeout) when the group has a quorum;
     * without one the node serves with its own secret meanwhile, and tokens it made before then stop
     * being good when the cluster's secret arrives.
     */
    public CompletableFuture<byte[]> tokenSecret() {
        return tokenSecret;
    }

    /**
     * The key that seals encrypted streams' records in data group entries, derived from the secret the
     * metadata group agreed on (the same on every node); IllegalStateException while this node's
     * catalog holds none yet.
     */
    private EntryKey entryKey() {
        EntryKey key = entryKey;
        if (key == null) {
            String secret = metadata.tokenSecret().orElseThrow(() ->
                new IllegalStateException("the cluster's secret is not known on this node yet"));
            key = EntryKey.derive(java.util.Base64.getDecoder().decode(secret));
            entryKey = key;
        }
        return key;
    }

    /** Proposes a secret until the metadata group holds one (the first proposed stays), then completes {@link #tokenSecret}. */
    private void agreeOnTokenSecret() {
        if (closed) {
            return;
        }
        if (metadata.tokenSecret().isPresent()) {
            tokenSecret.complete(java.util.Base64.getDecoder().decode(metadata.tokenSecret().get()));
            return;
        }
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        send(layout.metadata().getGroupId(),
            async -> async.send(Commands.catalogChange(Commands.TOKEN_SECRET, java.util.Base64.getEncoder().encodeToString(fresh))))
            .thenCompose(reply -> catalogCaughtUp())
            .orTimeout(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((caughtUp, failure) -> {
                if (failure != null || metadata.tokenSecret().isEmpty()) {
                    LOG.warn("No token secret agreed with the metadata group yet, asking again: {}",
                        failure == null ? "not applied here yet" : unwrap(failure).toString());
                    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::agreeOnTokenSecret);
                } else {
                    agreeOnTokenSecret();
                }
            });
    }

    /** Completes once this node's catalog holds every change the metadata group committed (a read index on it). */
    private CompletableFuture<Void> catalogCaughtUp() {
        return readIndex(layout.metadata().getGroupId()).toCompletionStage().toCompletableFuture();
    }

    private void registerMeters() {
        layout.names().forEach((group, name) -> {
            commitLatency.put(group, Timer.builder(ClusterMeter.GROUP_COMMIT_LATENCY.meterName())
                .description(ClusterMeter.GROUP_COMMIT_LATENCY.description())
                .tag(ClusterMeter.GROUP_TAG, name)
                .publishPercentileHistogram()
                .register(registry));
            if (!holds(group)) {
                return;
            }
            gauge(ClusterMeter.GROUP_LEADER, name, group, info -> info.getInfo().isLeader() ? 1 : 0);
            gauge(ClusterMeter.GROUP_TERM, name, group, info -> info.getInfo().getCurrentTerm());
            gauge(ClusterMeter.GROUP_COMMIT_INDEX, name, group, info -> info.getRaftLog().getLastCommittedIndex());
            gauge(ClusterMeter.GROUP_FOLLOWER_LAG, name, group, info -> {
                if (!info.getInfo().isLeader()) {
                    return 0;
                }
                long end = info.getRaftLog().getLastCommittedIndex();
                long lag = 0;
                for (long match : info.getInfo().getFollowerMatchIndices()) {
                    lag = Math.max(lag, end - match);
                }
                return lag;
            });
            if (machines.get(group) instanceof ShardGroupStateMachine data) {
                Gauge.builder(ClusterMeter.GROUP_STALLED_SHARDS.meterName(), data, ShardGroupStateMachine::stalledShards)
                    .description(ClusterMeter.GROUP_STALLED_SHARDS.description())
                    .tag(ClusterMeter.GROUP_TAG, name)
                    .register(registry);
            }
        });
    }

    /** Whether this node holds a replica of {@code group}: the metadata group, or a data group it is a member of. */
    private boolean holds(RaftGroupId group) {
        return group.equals(layout.metadata().getGroupId())
            || layout.data().stream().anyMatch(data -> data.getGroupId().equals(group) && data.getPeer(self) != null);
    }

    private void gauge(ClusterMeter meter, String name, RaftGroupId group,
                       java.util.function.ToDoubleFunction<RaftServer.Division> value) {
        Gauge.builder(meter.meterName(), () -> {
                try {
                    return value.applyAsDouble(server.getDivision(group));
                } catch (IOException | RuntimeException unavailable) {
                    return Double.NaN;
                }
            })
            .description(meter.description())
            .tag(ClusterMeter.GROUP_TAG, name)
            .register(registry);
    }

    /** A write's call, timed into its group's commit latency. */
    private Future<RaftClientReply> timed(RaftGroupId group, CompletableFuture<RaftClientReply> request) {
        long start = System.nanoTime();
        return call(request).onSuccess(reply -> commitLatency.get(group).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /**
     * The groups whose replica on this node Ratis has closed while the node runs: it does so when the
     * replica's Raft log fails to write (a full disk), and the replica takes no part in its group again
     * until the node restarts. Named as in the meters ({@code metadata}, {@code data-N}).
     */
    public List<String> failedGroups() {
        List<String> failed = new ArrayList<>();
        if (server == null || closed) {
            return failed;
        }
        layout.names().forEach((group, name) -> {
            if (holds(group) && !open(group)) {
                failed.add(name);
            }
        });
        return failed;
    }

    /** Whether this node's replica of {@code group} is running with its Raft log open. */
    private boolean open(RaftGroupId group) {
        try {
            RaftServer.Division division = server.getDivision(group);
            return division.getInfo().isAlive() && division.getRaftLog().isOpened();
        } catch (IOException gone) {
            return false;
        }
    }

    /** Whether this node is in a quorum: its metadata group has a leader it can see. */
    public boolean inQuorum() {
        try {
            return server != null && server.getDivision(layout.metadata().getGroupId()).getInfo().getLeaderId() != null;
        } catch (IOException e) {
            return false;
        }
    }

    RaftServer server() {
        return server;
    }

    GroupLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        closed = true;
        for (StateMachine machine : machines.values()) {
            if (machine instanceof ShardGroupStateMachine data) {
                data.abandonStalled();
            }
        }
        for (RaftClient client : clients.values()) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.warn("Closing a Raft client failed: {}", e.toString());
            }
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.warn("Closing the Raft server failed: {}", e.toString());
            }
        }
    }

    RaftProperties properties() throws IOException {
        RaftProperties properties = new RaftProperties();
        Files.createDirectories(config.storageDirectory());
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftServerConfigKeys.setStorageDir(properties, List.of(config.storageDirectory().toFile()));
        GrpcConfigKeys.Server.setPort(properties, config.raftPort());
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf("64MB"));
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));
        // Elections within about two seconds of a leader's loss, so writes resume well within 5 s.
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(800, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(1600, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf("8MB"));
        // A leader retries a follower it cannot reach at most every 0.5 s (Ratis's default backs off
        // to 5 s), so a restarted node is caught up soon after it serves again.
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(properties, "1ms,10, 100ms,100, 500ms,1000000");
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf("16MB"));
        // A follower appends each request's entries as it takes the request, in order. Ratis's default
        // chains appends and answers a request whose first index matches one still being appended
        // with that earlier append's outcome, but with its own, longer, match index (3.3.0): a leader
        // that resent from the same index after an inconsistency then counted entries the follower
        // never wrote, never sent them again, and the follower's reads waited for them forever.
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(properties, false);
        // --durability interval: a replica answers an append once the entry is written to its log
        // file, and its fsync runs at once on another thread; an acknowledged write is then on a
        // majority's page caches, which a process crash keeps and a power loss of a majority may not
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, !config.raftLogSynced());
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf("32MB"));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, SNAPSHOT_EVERY_ENTRIES);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        // A node that comes back within this many entries catches up from the log alone; one further
        // behind copies the shard logs' records from the leader (SnapshottingStateMachine), for which
        // Ratis's own snapshot file transfer is off: a data group's snapshot holds no records.
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(properties, SNAPSHOT_EVERY_ENTRIES);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        return overridden(properties, System.getProperties());
    }

    /**
     * {@code properties} with every {@code raft.*} entry of {@code overrides} (the JVM's system
     * properties) set over it: an operator's way to tune Ratis without a rebuild.
     */
    static RaftProperties overridden(RaftProperties properties, java.util.Properties overrides) {
        for (String name : overrides.stringPropertyNames()) {
            if (name.startsWith("raft.")) {
                properties.set(name, overrides.getProperty(name));
            }
        }
        return properties;
    }

    private RaftProperties clientProperties() {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf("64MB"));
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        return properties;
    }

    /**
     * A client that tries a request again every quarter of a second (a new leader, a node restarting)
     * until the write timeout has passed since it was made; by then the caller has been answered
     * ServiceUnavailable ({@link #call}).
     */
    private RaftClient client(RaftGroup group, RaftProperties properties) {
        RetryPolicy everyQuarterSecond = RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(250, TimeUnit.MILLISECONDS));
        TimeDuration timeout = TimeDuration.valueOf(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        RequestTypeDependentRetryPolicy.Builder retries = RequestTypeDependentRetryPolicy.newBuilder();
        for (RaftClientRequestProto.TypeCase type : RaftClientRequestProto.TypeCase.values()) {
            if (type != RaftClientRequestProto.TypeCase.TYPE_NOT_SET) {
                retries.setRetryPolicy(type, everyQuarterSecond).setTimeout(type, timeout);
            }
        }
        return RaftClient.newBuilder()
            .setProperties(properties)
            .setParameters(new Parameters())
            .setRaftGroup(group)
            .setLeaderId(group.getPeers().iterator().next().getId())
            .setRetryPolicy(retries.build())
            .build();
    }

    /**
     * A request through this node's client of {@code group}. Ratis's client keeps a node's requests
     * to a group in order, and once one of them has run out of retries (the group had no quorum for the
     * write timeout, or a replica could not apply it) it closes that order for good: every later
     * request fails at once. So a client that failed so is replaced by a new one, and writes through
     * this node resume as soon as the group can take them.
     */
    private CompletableFuture<RaftClientReply> send(RaftGroupId group, Function<AsyncApi, CompletableFuture<RaftClientReply>> request) {
        RaftClient client = clients.get(group);
        return request.apply(client.async()).whenComplete((reply, failure) -> {
            if (failure != null && causedBy(failure, RaftRetryFailureException.class, AlreadyClosedException.class)) {
                renew(group, client);
            }
        });
    }

    /** Whether {@code failure} or any of its causes is one of {@code kinds}. */
    private static boolean causedBy(Throwable failure, Class<?>... kinds) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (Class<?> kind : kinds) {
                if (kind.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void renew(RaftGroupId group, RaftClient stale) {
        if (closed || clients.get(group) != stale) {
            return; // closing, or replaced already: every request waiting in the closed order fails at once
        }
        RaftClient fresh = client(layout.group(group), clientProperties);
        RaftClient retired = clients.replace(group, stale, fresh) ? stale : fresh;
        if (retired == stale) {
            LOG.warn("This node's Raft client of group {} gave up on a request and was replaced", group);
        }
        // closing waits for its channels; not on the thread that completed the request
        CompletableFuture.runAsync(() -> {
            try {
                retired.close();
            } catch (IOException e) {
                LOG.warn("Closing a Raft client failed: {}", e.toString());
            }
        });
    }

    /**
     * A Ratis call as a Vert.x future; a group that cannot answer within the write timeout is
     * ServiceUnavailable. As with Kinesis's own 5xx answers, the write may still be committed later.
     */
    private Future<RaftClientReply> call(CompletableFuture<RaftClientReply> request) {
        Promise<RaftClientReply> answer = Promise.promise();
        request.orTimeout(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((reply, failure) -> {
            if (failure != null) {
                LOG.warn("A replicated call failed: {}", unwrap(failure).toString());
                answer.fail(failedIn(failure));
            } else if (!reply.isSuccess()) {
                LOG.warn("A replicated call was refused: {}", String.valueOf(reply.getException()));
                answer.fail(failedIn(reply.getException()));
            } else {
                answer.complete(reply);
            }
        });
        return answer.future();
    }

    /**
     * The answer to a replicated call that failed: InternalFailure when the group's state machine
     * refused or failed it (a replica that cannot write its log), as a single node answers a write
     * its log refused; otherwise ServiceUnavailable, the group having no quorum in time.
     */
    private static KinesisException failedIn(Throwable failure) {
        return causedBy(failure, StateMachineException.class) ? ErrorCode.INTERNAL_FAILURE.exception(null) : unavailable();
    }

    private static KinesisException unavailable() {
        return ErrorCode.SERVICE_UNAVAILABLE.exception("The replicas of this shard or of the stream metadata have no quorum;"
            + " try again later.");
    }

    private RaftClient client(RaftGroupId group) {
        return clients.get(group);
    }

    /**
     * A linearizable read barrier on this node's replica of {@code group}: the group's leader names
     * its commit index and this replica applies up to it. The barrier is sent unordered, so it never
     * waits behind this node's writes to the group nor holds them up in Ratis's ordered window. A
     * replica that cannot answer yet (its leader unknown just after an election or a restart) is asked
     * again until the write timeout; then the answer is ServiceUnavailable. Reads change nothing, so
     * asking again is always safe.
     */
    private Future<Void> readIndex(RaftGroupId group) {
        long deadline = System.nanoTime() + config.writeTimeout().toNanos();
        Promise<Void> answer = Promise.promise();
        readIndex(group, deadline, answer);
        return answer.future();
    }

    private void readIndex(RaftGroupId group, long deadline, Promise<Void> answer) {
        long left = deadline - System.nanoTime();
        client(group).async().sendReadOnlyUnordered(Message.EMPTY, self).orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS)
            .whenComplete((reply, failure) -> {
                if (failure == null && reply.isSuccess()) {
                    answer.complete();
                    return;
                }
                String cause = failure != null ? unwrap(failure).toString() : String.valueOf(reply.getException());
                if (deadline - System.nanoTime() <= READ_RETRY_PAUSE.toNanos()) {
                    LOG.warn("A read barrier on {} failed: {}", group, cause);
                    answer.fail(unavailable());
                    return;
                }
                LOG.debug("A read barrier on {} is asked again: {}", group, cause);
                CompletableFuture.delayedExecutor(READ_RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> readIndex(group, deadline, answer));
            });
    }

    /**
     * A question to one replica's state machine of {@code group}, answered from what it has applied
     * (a stale read: no read index), for a replica catching up from it.
     */
    private CompletableFuture<org.apache.ratis.thirdparty.com.google.protobuf.ByteString> ask(RaftGroupId group, RaftPeerId peer,
                                                                                             Message question) {
        if (!clients.containsKey(group)) {
            return CompletableFuture.failedFuture(new IllegalStateException("the Raft clients are not started yet"));
        }
        return send(group, async -> async.sendStaleRead(question, 0, peer)).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            return reply.getMessage().getContent();
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException || failure instanceof ExecutionException) && failure.getCause() != null
            ? failure.getCause() : failure;
    }

    /** Catalog changes through the metadata group: compare-and-set on the catalog's version. */
    private final class ReplicatedCatalog implements CatalogReplication {
        @Override
        public Future<Void> sync() {
            if (!started) {
                // the catalog opening, before the Raft server starts: there is nothing to catch up with yet
                return Future.succeededFuture();
            }
            return readIndex(layout.metadata().getGroupId());
        }

        @Override
        public Future<Void> commit(Catalog current, Catalog next) {
            MetadataStateMachine.Published published = metadata.published();
            if (published.catalog() != current) {
                return Future.failedFuture(new CatalogConflictException());
            }
            Message change = Commands.catalogChange(published.version(), StreamCatalog.encode(next).encode());
            RaftGroupId group = layout.metadata().getGroupId();
            return timed(group, send(group, async -> async.send(change))).compose(reply -> {
                if (Commands.reply(reply.getMessage()).status() != Commands.APPLIED) {
                    return Future.failedFuture(new CatalogConflictException());
                }
                return sync();
            });
        }

        @Override
        public boolean leads() {
            try {
                return server != null && server.getDivision(layout.metadata().getGroupId()).getInfo().isLeader();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /**
     * The appends this node proposes to one data group. Appends that arrive while the group's
     * previous entry is being agreed wait and then go together as the next entry (group commit, as
     * the single node's log does with fsync): one Raft entry carries many calls' records, for every
     * shard of the group they were for, and each call is answered with its own records' positions.
     * The Raft costs (the messages, the log writes and the hand-offs between threads) are per entry,
     * so the fewer and fuller the entries, the cheaper a record. A shard's appends keep their order,
     * and only appends sealed under the same key share a part; an entry holds at most
     * {@link #ENTRY_RECORDS} records and {@link #ENTRY_BYTES} bytes.
     *
     * <p>Concurrency: appends come from the shards' owner threads and replies from Ratis threads; the
     * queue and the proposing flag are guarded by this object.
     */
    private final class GroupProposer {
        private static final int ENTRY_RECORDS = 20_000;
        private static final long ENTRY_BYTES = 4L << 20;

        private record Waiting(ReplicatedShard shard, List<AppendEntry> entries, long bytes, long arrivalMillis,
                               Optional<String> kmsKeyArn, Promise<AppendResult> taken) {
        }

        private final RaftGroupId group;
        private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
        private boolean proposing;

        GroupProposer(RaftGroupId group) {
            this.group = group;
        }

        Future<AppendResult> append(ReplicatedShard shard, List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn) {
            long bytes = entries.stream().mapToLong(AppendEntry::sizeBytes).sum();
            Promise<AppendResult> taken = Promise.promise();
            synchronized (this) {
                waiting.add(new Waiting(shard, entries, bytes, arrivalMillis, kmsKeyArn, taken));
                if (proposing) {
                    return taken.future();
                }
                proposing = true;
            }
            proposeWaiting();
            return taken.future();
        }

        /** Proposes the waiting appends that fit in one entry; when it is answered, the next ones. */
        private void proposeWaiting() {
            List<Waiting> batch = new ArrayList<>();
            synchronized (this) {
                int records = 0;
                long bytes = 0;
                while (!waiting.isEmpty()) {
                    Waiting next = waiting.peek();
                    if (!batch.isEmpty() && (records + next.entries().size() > ENTRY_RECORDS || bytes + next.bytes() > ENTRY_BYTES)) {
                        break;
                    }
                    batch.add(waiting.poll());
                    records += next.entries().size();
                    bytes += next.bytes();
                }
                if (batch.isEmpty()) {
                    proposing = false;
                    return;
                }
            }
            EntryBuilder builder = new EntryBuilder();
            List<EntryBuilder.Placement> placements = new ArrayList<>(batch.size());
            for (Waiting append : batch) {
                ReplicatedShard shard = append.shard();
                placements.add(builder.add(shard.stream, shard.createdMillis, shard.shard, append.arrivalMillis(),
                    append.kmsKeyArn(), append.entries()));
            }
            Message entry;
            try {
                entry = Commands.appends(metadata.catalogIndex(), builder.parts(), ClusterNode.this::entryKey);
            } catch (IllegalStateException noKeyYet) {
                LOG.warn("An encrypted stream's records cannot be proposed: {}", noKeyYet.getMessage());
                batch.forEach(append -> append.taken().fail(unavailable()));
                proposeWaiting();
                return;
            }
            timed(group, send(group, async -> async.send(entry))).map(reply -> Commands.replies(reply.getMessage())).onComplete(result -> {
                for (int i = 0; i < batch.size(); i++) {
                    Waiting append = batch.get(i);
                    if (result.failed()) {
                        append.taken().fail(result.cause());
                        continue;
                    }
                    EntryBuilder.Placement placement = placements.get(i);
                    Commands.Reply part = result.result().get(placement.part());
                    try {
                        long first = append.shard().position(part) + placement.offset();
                        // the leader admitted a prefix of the part, so of each call's records a prefix too
                        int admitted = Math.max(0, Math.min(append.entries().size(), part.admitted() - placement.offset()));
                        append.taken().complete(admitted == 0 ? new AppendResult(-1, 0) : new AppendResult(first, admitted));
                    } catch (RuntimeException refused) {
                        append.taken().fail(refused);
                    }
                }
                proposeWaiting();
            });
        }
    }

    /** One shard's writes: appends through its data group's {@link GroupProposer}, seals on their own. */
    private final class ReplicatedShard implements ShardReplication {
        private final RaftGroup group;
        private final GroupProposer proposer;
        private final String stream;
        private final long createdMillis;
        private final ShardId shard;

        ReplicatedShard(RaftGroup group, String stream, long createdMillis, ShardId shard) {
            this.group = group;
            this.proposer = proposers.get(group.getGroupId());
            this.stream = stream;
            this.createdMillis = createdMillis;
            this.shard = shard;
        }

        @Override
        public Future<AppendResult> append(List<AppendEntry> entries, long arrivalMillis, Optional<String> kmsKeyArn) {
            return proposer.append(this, entries, arrivalMillis, kmsKeyArn);
        }

        /** From this node's replica when it holds one, or else asked of the group (a read at its leader). */
        @Override
        public Future<long[]> offeredWrites() {
            String key = Commands.shardKey(stream, createdMillis, shard);
            if (group.getPeer(self) != null) {
                return Future.succeededFuture(((ShardGroupStateMachine) machines.get(group.getGroupId())).offered(key)
                    .orElse(new long[] {0, 0}));
            }
            Message question = Commands.readQuery(stream, createdMillis, shard, Commands.ReadKind.OFFERED, 0, 0, 0, 0);
            return call(send(group.getGroupId(), async -> async.sendReadOnly(question)))
                .map(reply -> Commands.offeredReply(reply.getMessage().getContent()).orElse(new long[] {0, 0}));
        }

        @Override
        public Future<Long> seal() {
            Message entry = Commands.seal(metadata.catalogIndex(), stream, createdMillis, shard);
            return call(send(group.getGroupId(), async -> async.send(entry))).map(reply -> position(Commands.replies(reply.getMessage()).get(0)));
        }

        @Override
        public Future<Void> readBarrier() {
            return readIndex(group.getGroupId());
        }

        @Override
        public void applyStalled(boolean stalled) {
            ((ShardGroupStateMachine) machines.get(group.getGroupId()))
                .applyStalled(Commands.shardKey(stream, createdMillis, shard), stalled);
        }

        @Override
        public Optional<RemoteShard> remote() {
            return group.getPeer(self) == null ? Optional.of(groupReads()) : Optional.empty();
        }

        @Override
        public RemoteShard groupReads() {
            return new GroupReads();
        }

        /**
         * Reads of this shard from its group, for a node that holds no replica of it (or whose replica
         * lacks agreed writes): each a read-only question to the group (a linearizable read at its
         * leader), answered from the leader's shard log.
         */
        private final class GroupReads implements RemoteShard {
            @Override
            public Future<ReadBatch> read(long fromPosition, int maxRecords, long maxBytes, long retentionMillis) {
                return ask(Commands.ReadKind.BATCH, fromPosition, maxRecords, maxBytes, retentionMillis)
                    .map(answer -> Commands.batchReply(answer.getContent()).orElseThrow(this::gone));
            }

            @Override
            public Future<Long> trimHorizon(long retentionMillis) {
                return position(Commands.ReadKind.TRIM_HORIZON, 0, retentionMillis);
            }

            @Override
            public Future<Long> endPosition() {
                return position(Commands.ReadKind.END, 0, 0);
            }

            @Override
            public Future<Long> positionAt(long timestampMillis) {
                return position(Commands.ReadKind.AT_TIMESTAMP, timestampMillis, 0);
            }

            private Future<Long> position(Commands.ReadKind kind, long argument, long retentionMillis) {
                return ask(kind, argument, 0, 0, retentionMillis).map(answer -> {
                    Commands.Reply reply = Commands.reply(answer);
                    if (reply.status() != Commands.APPLIED) {
                        throw gone();
                    }
                    return reply.value();
                });
            }

            private Future<Message> ask(Commands.ReadKind kind, long argument, int maxRecords, long maxBytes, long retentionMillis) {
                Message question = Commands.readQuery(stream, createdMillis, shard, kind, argument, maxRecords, maxBytes, retentionMillis);
                return call(send(group.getGroupId(), async -> async.sendReadOnly(question))).map(RaftClientReply::getMessage);
            }

            private RuntimeException gone() {
                return ErrorCode.RESOURCE_NOT_FOUND.exception("Shard " + shard + " in stream " + stream
                    + " under this account no longer exists.");
            }
        }

        /** The position an applied part of this shard begins at; the shard's closing or deletion as exceptions. */
        long position(Commands.Reply result) {
            return switch (result.status()) {
                case Commands.APPLIED -> result.value();
                case Commands.CLOSED -> throw new ShardClosedException();
                default -> throw ErrorCode.RESOURCE_NOT_FOUND.exception("Shard " + shard + " in stream " + stream
                    + " under this account no longer exists.");
            };
        }
    }
}
