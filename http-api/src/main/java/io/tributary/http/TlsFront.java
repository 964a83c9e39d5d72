package io.tributary.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS port: terminates TLS and pipes the decrypted bytes, both ways, to the server's own
 * cleartext listener, which tells HTTP/2 (by its connection preface) from HTTP/1.1 as it does for
 * any cleartext client. So one https port serves h2 negotiated by ALPN, h2 started without ALPN
 * right after the handshake (the AWS SDK for Java's async client with its defaults), and HTTP/1.1,
 * without a second HTTP stack. ALPN offers {@code h2} and {@code http/1.1}; what a client picks
 * only tells it what to send, since the cleartext listener decides again from the bytes.
 *
 * <p>Each direction is a {@code pipeTo}: when a socket's write queue is full the other side stops
 * reading until it drains, so a slow reader slows its own connection only. When either side closes,
 * the other is ended.
 *
 * <p>Concurrency: an instance belongs to the verticle that made it; its server and client run on
 * that verticle's event loop, and each accepted connection and its upstream stay on it.
 */
final class TlsFront {
    private static final Logger LOG = LoggerFactory.getLogger(TlsFront.class);
    private static final List<String> ALPN_PROTOCOLS = List.of("h2", "http/1.1");

    private final NetServer server;
    private final NetClient upstream;
    private final String upstreamHost;
    private final int upstreamPort;

    private TlsFront(NetServer server, NetClient upstream, String upstreamHost, int upstreamPort) {
        this.server = server;
        this.upstream = upstream;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
    }

    /**
     * Listens with TLS on {@code host:port} and forwards to the cleartext listener at
     * {@code plainPort}, reached on loopback when {@code host} is a wildcard address.
     */
    static Future<TlsFront> listen(Vertx vertx, String host, int port, KeyCertOptions keyCert, int plainPort) {
        NetServerOptions options = new NetServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setUseAlpn(true)
            .setTcpNoDelay(true)
            .setKeyCertOptions(keyCert);
        options.getSslOptions().setApplicationLayerProtocols(ALPN_PROTOCOLS);
        NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
        NetServer server = vertx.createNetServer(options);
        TlsFront front = new TlsFront(server, client, upstreamHost(host), plainPort);
        server.connectHandler(front::accept);
        return server.listen().map(listening -> front);
    }

    private static String upstreamHost(String host) {
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]", "0:0:0:0:0:0:0:0" -> "::1";
            default -> host;
        };
    }

    private void accept(NetSocket secure) {
        secure.pause();
        upstream.connect(upstreamPort, upstreamHost).onComplete(connected -> {
            if (connected.failed()) {
                LOG.warn("TLS connection closed: the cleartext listener at {}:{} refused it", upstreamHost, upstreamPort,
                    connected.cause());
                secure.close();
                return;
            }
            NetSocket plain = connected.result();
            plain.pipeTo(secure);
            secure.pipeTo(plain);
        });
    }

    int actualPort() {
        return server.actualPort();
    }
}
