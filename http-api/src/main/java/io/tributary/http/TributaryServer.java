package io.tributary.http;

import io.tributary.cluster.ClusterNode;
import io.tributary.engine.kms.KeyService;
import io.tributary.engine.Engine;
import io.tributary.engine.EngineConfig;
import io.tributary.http.api.Api;
import io.tributary.http.api.FaultInjector;
import io.tributary.http.api.KinesisHandler;
import io.tributary.http.api.Operations;
import io.tributary.http.api.RequestGate;
import io.tributary.http.auth.AuthMode;
import io.tributary.http.auth.Authenticator;
import io.tributary.http.auth.Authorizer;
import io.tributary.http.auth.ResourceArns;
import io.tributary.http.auth.RouteGuard;
import io.tributary.http.auth.CredentialsFile;
import io.tributary.http.auth.Identity;
import io.tributary.http.auth.SigV4Verifier;
import io.tributary.http.model.ServiceModel;
import io.tributary.monitoring.Health;
import io.tributary.monitoring.Monitoring;
import io.tributary.monitoring.MonitoringRoutes;
import io.tributary.websocket.BrowserRoutes;
import io.tributary.websocket.TailSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A running Tributary: the engine, its monitoring and the HTTP verticles that serve the Kinesis API,
 * the monitoring endpoints and the browser-facing live tails, wired together. Tests start it on
 * port 0 and ask {@link #port()} where it listens.
 */
public final class TributaryServer {
    /**
     * How Vert.x is asked for one random port that every HTTP verticle shares. With port 0 the first
     * instance binds a random port that is not registered for sharing, and the next ones, listening
     * on that port, fail with "Address already in use". Negative ports name shared random ports, one
     * value per listener.
     */
    private static final int SHARED_RANDOM_PLAIN_PORT = -1;
    private static final int SHARED_RANDOM_TLS_PORT = -2;

    private final Vertx vertx;
    private final Engine engine;
    private final Monitoring monitoring;
    private final Health health;
    private final int port;
    private final Optional<Integer> tlsPort;
    /** This node's Raft server and clients in cluster mode. */
    private final Optional<ClusterNode> cluster;

    private TributaryServer(Vertx vertx, Engine engine, Monitoring monitoring, Health health, int port, Optional<Integer> tlsPort,
                            Optional<ClusterNode> cluster) {
        this.cluster = cluster;
        this.vertx = vertx;
        this.engine = engine;
        this.monitoring = monitoring;
        this.health = health;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** A server with monitoring of its own; Vert.x's meters are not in it (see {@link Monitoring#vertxOptions}). */
    public static Future<TributaryServer> start(Vertx vertx, ServerConfig config) {
        return start(vertx, config, Monitoring.create());
    }

    /**
     * Starts the engine, recording to {@code monitoring}'s registry, and then the HTTP verticles.
     * The server owns {@code monitoring} from now on and closes it with itself.
     */
    public static Future<TributaryServer> start(Vertx vertx, ServerConfig config, Monitoring monitoring) {
        ServiceModel model = ServiceModel.load();
        EngineConfig engineConfig;
        try {
            engineConfig = config.engineConfig(Clock.systemUTC());
        } catch (IOException e) {
            monitoring.close();
            return Future.failedFuture(e);
        }
        Authenticator authenticator;
        try {
            authenticator = authenticator(config);
        } catch (IOException | IllegalArgumentException e) {
            monitoring.close();
            return Future.failedFuture(new IllegalArgumentException("--credentials-file: " + e.getMessage(), e));
        }
        Optional<ClusterNode> cluster = config.cluster().map(clusterConfig -> new ClusterNode(clusterConfig, monitoring.registry()));
        return Engine.start(vertx, engineConfig, monitoring.registry(), cluster.map(node -> node))
            .compose(engine -> cluster.isEmpty() ? Future.succeededFuture(engine) : vertx.executeBlocking(() -> {
                // the AWS-managed key, whose ARN is the same on every node, exists before the Raft groups
                // apply entries, some of which may be for streams encrypted under it
                engine.keys().resolve(KeyService.KINESIS_ALIAS);
                cluster.get().start();
                cluster.get().tokenSecret().thenAccept(engine.signer()::rekey);
                return engine;
            }, false))
            .compose(engine -> {
                FaultInjector faults = new FaultInjector(config.accountId(), config.faultRules());
                ResourceArns resources = new ResourceArns(engine.config(), engine.streams(), engine.signer());
                Optional<Authorizer> authorizer = authenticator.enabled()
                    ? Optional.of(new Authorizer(resources, config.accountId()))
                    : Optional.empty();
                KinesisHandler kinesis = new KinesisHandler(model, Operations.all(new Api(engine)), new RequestGate(engine, faults),
                    config.maxRequestBytes(), authenticator, authorizer);
                Health health = new Health(vertx, engine);
                cluster.ifPresent(node -> health.addCheck("quorum",
                    () -> node.inQuorum() ? Optional.empty() : Optional.of("this node sees no leader of the metadata group")));
                cluster.ifPresent(node -> health.addCheck("raftLogs", () -> {
                    List<String> failed = node.failedGroups();
                    return failed.isEmpty() ? Optional.empty() : Optional.of("the Raft log of group(s) " + String.join(", ", failed)
                        + " failed to write on this node (a full disk?) and Ratis closed it; restart the node once the disk has space");
                }));
                MonitoringRoutes routes = new MonitoringRoutes(monitoring.registry(), health);
                BrowserRoutes browser = new BrowserRoutes(engine, new TailSettings(config.webSocketPingInterval()));
                List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
                Optional<HttpVerticle.Tls> tls = config.tlsPort()
                    .map(port -> new HttpVerticle.Tls(listenPort(port, SHARED_RANDOM_TLS_PORT), keyCert(config)));
                return vertx.deployVerticle(() -> {
                        HttpVerticle instance = new HttpVerticle(config.host(), listenPort(config.port(), SHARED_RANDOM_PLAIN_PORT), tls,
                            kinesis, faults, routes, browser, authorizer.map(policies -> RouteGuard.admin(authenticator, policies)),
                            authorizer.map(policies -> RouteGuard.browser(authenticator, policies, resources)));
                        instances.add(instance);
                        return instance;
                    }, new DeploymentOptions().setInstances(config.eventLoops()))
                    .map(deployed -> new TributaryServer(vertx, engine, monitoring, health, sharedPort(instances, HttpVerticle::actualPort),
                        tls.map(present -> sharedPort(instances, instance -> instance.actualTlsPort().orElseThrow())), cluster));
            })
            .onFailure(failed -> monitoring.close());
    }

    /** The authentication step {@code --auth} asks for, with the identities of {@code --credentials-file}. */
    private static Authenticator authenticator(ServerConfig config) throws IOException {
        if (config.auth() == AuthMode.OFF) {
            return Authenticator.off();
        }
        Map<String, Identity> identities = CredentialsFile.read(config.credentialsFile().orElseThrow());
        return Authenticator.sigV4(new SigV4Verifier(identities, config.region()), Clock.systemUTC());
    }

    /**
     * Instances that listen on the same port share one socket. Port 0 would give each instance its
     * own free port; a negative port asks Vert.x for one free port shared by all instances.
     */
    private static int listenPort(int configured, int sharedRandom) {
        return configured == 0 ? sharedRandom : configured;
    }

    /** Key material for the TLS port: the given PEM files, or a self-signed certificate for localhost. */
    private static KeyCertOptions keyCert(ServerConfig config) {
        if (config.tlsCertificate().isPresent()) {
            return new PemKeyCertOptions()
                .setCertPath(config.tlsCertificate().get().toString())
                .setKeyPath(config.tlsKey().orElseThrow().toString());
        }
        return SelfSignedCertificate.create("localhost").keyCertOptions();
    }

    /** The one port every instance ended up listening on. */
    private static int sharedPort(List<HttpVerticle> instances, java.util.function.ToIntFunction<HttpVerticle> port) {
        Set<Integer> ports = instances.stream().map(port::applyAsInt).collect(Collectors.toSet());
        if (ports.size() != 1) {
            throw new IllegalStateException("HTTP verticles listen on different ports: " + ports);
        }
        return ports.iterator().next();
    }

    public int port() {
        return port;
    }

    /** The https port, when one is configured. */
    public Optional<Integer> tlsPort() {
        return tlsPort;
    }

    public Engine engine() {
        return engine;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /**
     * Turns readiness off, flushes and closes the shard logs, and closes the metrics registry; the
     * HTTP servers close with Vert.x.
     */
    public Future<Void> close() {
        health.closing();
        Future<Void> left = cluster.isEmpty() ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            cluster.get().close();
            return null;
        }, false);
        return left.eventually(engine::close).eventually(() -> {
            monitoring.close();
            return Future.succeededFuture();
        });
    }
}
