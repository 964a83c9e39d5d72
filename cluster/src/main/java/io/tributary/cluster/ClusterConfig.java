package io.tributary.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cluster mode's settings, read once at the edge (ServerConfig) from {@code --node-id},
 * {@code --peers}, {@code --raft-port} and {@code --replication-factor}. Immutable.
 *
 * @param nodeId            this node's id, one of the peers'
 * @param peers             every node of the cluster, the same static list on each node
 * @param raftPort          the port this node's Raft server listens on (its peer entry's, unless given)
 * @param replicationFactor nodes in each shard group (1, 3 or 5, at most the number of peers)
 * @param storageDirectory  where the Raft logs and snapshots are kept
 * @param writeTimeout      how long a write waits for its group to commit before it fails with a 5xx
 * @param raftLogSynced     whether a replica counts an entry as written only once an fsync covers it in its
 *                          Raft log ({@code --durability fsync}); otherwise once it is written to the file,
 *                          with the fsync following at once in the background ({@code interval})
 * @param throughputLimits  whether a data group's leader admits writes within each shard's write throughput
 *                          ({@code --throughput-limits}; every node must say the same)
 */
public record ClusterConfig(String nodeId, List<Peer> peers, int raftPort, int replicationFactor, Path storageDirectory,
                            Duration writeTimeout, boolean raftLogSynced, boolean throughputLimits) {
    public static final int DEFAULT_REPLICATION_FACTOR = 3;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** One node: {@code id=host:raftPort:httpPort}. */
    public record Peer(String id, String host, int raftPort, int httpPort) {
        public String raftAddress() {
            return host + ":" + raftPort;
        }
    }

    public ClusterConfig {
        peers = List.copyOf(peers);
        if (peers.stream().noneMatch(peer -> peer.id().equals(nodeId))) {
            throw new IllegalArgumentException("--node-id " + nodeId + " is not one of the --peers");
        }
        if (replicationFactor != 1 && replicationFactor != 3 && replicationFactor != 5) {
            throw new IllegalArgumentException("--replication-factor must be 1, 3 or 5, not " + replicationFactor);
        }
        if (replicationFactor > peers.size()) {
            throw new IllegalArgumentException("--replication-factor " + replicationFactor + " needs at least as many --peers, not "
                + peers.size());
        }
    }

    public Peer self() {
        return peers.stream().filter(peer -> peer.id().equals(nodeId)).findFirst().orElseThrow();
    }

    /** Parses {@code id=host:raftPort:httpPort,...}; IllegalArgumentException with what is wrong. */
    public static List<Peer> parsePeers(String text) {
        List<Peer> peers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            int equals = entry.indexOf('=');
            String[] address = equals < 0 ? new String[0] : entry.substring(equals + 1).split(":");
            if (equals <= 0 || address.length != 3) {
                throw new IllegalArgumentException("--peers entries are id=host:raftPort:httpPort, not " + entry);
            }
            String id = entry.substring(0, equals);
            if (!id.matches("[A-Za-z0-9_-]{1,64}") || !ids.add(id)) {
                throw new IllegalArgumentException("--peers ids must be distinct letters, digits, - or _, not " + id);
            }
            try {
                peers.add(new Peer(id, address[0], Integer.parseInt(address[1]), Integer.parseInt(address[2])));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("--peers ports must be numbers, not " + entry);
            }
        }
        return peers;
    }
}
