package io.tributary.engine;

import io.tributary.engine.log.ShardLogFactory;
import io.tributary.engine.owner.Owner;
import io.tributary.engine.records.RecordService;
import io.tributary.engine.stream.StreamCatalog;
import io.tributary.engine.token.TokenSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine: stream metadata and the shards' data plane, running on Vert.x. Start it once per
 * server; everything it does goes through its owners' event loops.
 */
public final class Engine {
    private final EngineConfig config;
    private final StreamCatalog streams;
    private final RecordService records;
    private final TokenSigner signer;

    private Engine(EngineConfig config, StreamCatalog streams, TokenSigner signer) {
        this.config = config;
        this.streams = streams;
        this.signer = signer;
        this.records = new RecordService(streams, signer, config);
    }

    /** Deploys the metadata owner and the shard owners, then completes with the running engine. */
    public static Future<Engine> start(Vertx vertx, EngineConfig config, ShardLogFactory logs) {
        Owner metadata = new Owner("metadata");
        List<Owner> shardOwners = new ArrayList<>(config.shardOwners());
        List<Future<String>> deployments = new ArrayList<>();
        deployments.add(vertx.deployVerticle(metadata));
        for (int i = 0; i < config.shardOwners(); i++) {
            Owner owner = new Owner("shards-" + i);
            shardOwners.add(owner);
            deployments.add(vertx.deployVerticle(owner));
        }
        return Future.all(deployments).map(deployed -> new Engine(config,
            new StreamCatalog(config, metadata, shardOwners, logs), new TokenSigner(config.tokenSecret())));
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

    /** Signs paging tokens (NextToken) with the same key as shard iterators. */
    public TokenSigner signer() {
        return signer;
    }
}
