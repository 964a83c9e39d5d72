package io.tributary.engine;

import io.tributary.engine.capacity.OnDemandScaler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.engine.fanout.FanOut;
import io.tributary.engine.fanout.LiveTails;
import io.tributary.engine.fanout.ShardFeed;
import io.tributary.engine.kms.KeyService;
import io.tributary.engine.kms.KeysFile;
import io.tributary.engine.log.Durability;
import io.tributary.engine.log.ShardLogFactory;
import io.tributary.engine.log.durable.DurableShardLog;
import io.tributary.engine.metrics.EngineMetrics;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.records.RecordService;
import io.tributary.engine.replication.Replication;
import io.tributary.engine.stream.CatalogStore;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.token.TokenSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The engine: stream metadata and the shards' data plane, running on Vert.x. Start it once per
 * server; everything it does goes through its owners' event loops, and blocking storage work goes
 * to its storage workers. It records its meters (see {@link io.tributary.engine.metrics.EngineMeter})
 * in the registry it is started with.
 */
public final class Engine {
    private static final int STORAGE_WORKERS = 4;
    /** Catalog file name inside the data directory. */
    public static final String CATALOG_FILE = "catalog.json";
    /** Directory of the shard logs inside the data directory. */
    public static final String STREAMS_DIRECTORY = "streams";

    private final Vertx vertx;
    private final EngineConfig config;
    private final StreamCatalog streams;
    private final RecordService records;
    private final FanOut fanOut;
    private final LiveTails liveTails;
    private final TokenSigner signer;
    private final WorkerExecutor worker;
    private final EngineMetrics metrics;
    private final KeyService keys;
    private final long retentionTimer;
    private final long scalingTimer;
    /** Cluster mode: ends status delays their node did not end ({@link StreamCatalog#endOverdueDelays}); -1 on a single node. */
    private final long delaysTimer;

    private Engine(Vertx vertx, EngineConfig config, StreamCatalog streams, TokenSigner signer, WorkerExecutor worker,
                   EngineMetrics metrics, KeyService keys, boolean clustered) {
        this.vertx = vertx;
        this.config = config;
        this.streams = streams;
        this.signer = signer;
        this.worker = worker;
        this.metrics = metrics;
        this.keys = keys;
        this.records = new RecordService(streams, signer, config, metrics, keys);
        ShardFeed.Settings feeds = ShardFeed.Settings.kinesis().withBytesPerSecond(config.fanOutBytesPerSecond());
        this.fanOut = new FanOut(streams, records, config, feeds, metrics);
        this.liveTails = new LiveTails(streams, records, config, feeds);
        this.retentionTimer = vertx.setPeriodic(config.storage().retentionCheck().toMillis(), timer -> streams.applyRetention());
        OnDemandScaler scaler = new OnDemandScaler(streams);
        this.scalingTimer = vertx.setPeriodic(config.onDemandCheck().toMillis(), timer -> scaler.check());
        this.delaysTimer = clustered ? vertx.setPeriodic(1_000, timer -> streams.endOverdueDelays()) : -1;
    }

    /** {@link #start(Vertx, EngineConfig, MeterRegistry)} with meters kept in memory, for tests. */
    public static Future<Engine> start(Vertx vertx, EngineConfig config) {
        return start(vertx, config, new SimpleMeterRegistry());
    }

    /**
     * Deploys the metadata owner and the shard owners, recovers what the data directory holds, and
     * completes with the running engine, whose meters go to {@code registry}.
     */
    public static Future<Engine> start(Vertx vertx, EngineConfig config, MeterRegistry registry) {
        return start(vertx, config, registry, Optional.empty());
    }

    /**
     * As {@link #start(Vertx, EngineConfig, MeterRegistry)}; in cluster mode, when {@code cluster}
     * is present, catalog changes and shard writes are replicated through it, and the catalog is not
     * read from the data directory's catalog file but filled by the metadata group as it applies.
     */
    public static Future<Engine> start(Vertx vertx, EngineConfig config, MeterRegistry registry, Optional<Replication> cluster) {
        EngineMetrics metrics = new EngineMetrics(registry);
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("tributary-storage", STORAGE_WORKERS);
        Owner metadata = new Owner("metadata");
        List<Owner> shardOwners = new ArrayList<>(config.shardOwners());
        List<Future<String>> deployments = new ArrayList<>();
        deployments.add(vertx.deployVerticle(metadata));
        for (int i = 0; i < config.shardOwners(); i++) {
            Owner owner = new Owner("shards-" + i);
            shardOwners.add(owner);
            deployments.add(vertx.deployVerticle(owner));
        }
        EngineConfig.Storage storage = config.storage();
        boolean durable = storage.durability() != Durability.MEMORY;
        CatalogStore store = durable && cluster.isEmpty()
            ? CatalogStore.file(storage.dataDirectory().resolve(CATALOG_FILE)) : CatalogStore.NONE;
        Future<KeyService> keys = worker.executeBlocking(() -> KeyService.open(config.region(), config.accountId(),
            durable ? Optional.of(storage.dataDirectory()) : Optional.empty(),
            config.keysFile().isPresent() ? KeysFile.read(config.keysFile().get(), config.accountId()) : List.of()), false);
        // In cluster mode an acknowledged write is durable once a majority's Raft logs hold it, and a
        // replica's shard log is rebuilt from its Raft log after a crash; so the shard logs are not
        // forced per append but within the flush interval, and by their group before each snapshot
        // (which lets Ratis purge the entries they came from).
        Durability logDurability = cluster.isPresent() && storage.durability() == Durability.FSYNC
            ? Durability.INTERVAL : storage.durability();
        return Future.all(deployments).compose(deployed -> keys).compose(keyService -> {
            ShardLogFactory logs = durable
                ? ShardLogFactory.durable(storage.dataDirectory().resolve(STREAMS_DIRECTORY), new DurableShardLog.Settings(
                    logDurability, storage.segmentBytes(), storage.flushInterval().toMillis(), vertx, worker,
                    nanos -> metrics.flushLatency().record(nanos, TimeUnit.NANOSECONDS), keyService))
                : ShardLogFactory.inMemory();
            return StreamCatalog.open(config, metadata, shardOwners, logs, store, worker, metrics::catalogChanged, cluster)
                .map(streams -> new Engine(vertx, config, streams, new TokenSigner(config.tokenSecret()), worker, metrics, keyService,
                    cluster.isPresent()));
        });
    }

    public EngineConfig config() {
        return config;
    }

    public StreamCatalog streams() {
        return streams;
    }

    public RecordService records() {
        return records;
    }

    public FanOut fanOut() {
        return fanOut;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    /** Live tails of shards and streams for browsers, on the same feeds as enhanced fan-out. */
    public LiveTails liveTails() {
        return liveTails;
    }

    /** Signs paging tokens (NextToken) with the same key as shard iterators. */
    public TokenSigner signer() {
        return signer;
    }

    /** The KMS stand-in: keys, aliases, key policies, and the data keys of encryption at rest. */
    public KeyService keys() {
        return keys;
    }

    /** Flushes and closes every shard log. */
    public Future<Void> close() {
        vertx.cancelTimer(retentionTimer);
        vertx.cancelTimer(scalingTimer);
        if (delaysTimer >= 0) {
            vertx.cancelTimer(delaysTimer);
        }
        return streams.close().eventually(() -> worker.close());
    }
}
