package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.engine.model.ShardId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private static final String PEERS = "n1=127.0.0.1:9701:4567,n2=127.0.0.1:9702:4568,n3=127.0.0.1:9703:4569";

    @Test
    void shouldParseEveryPeerOfTheStaticList() {
        List<ClusterConfig.Peer> peers = ClusterConfig.parsePeers(PEERS);
        assertEquals(List.of(new ClusterConfig.Peer("n1", "127.0.0.1", 9701, 4567), new ClusterConfig.Peer("n2", "127.0.0.1", 9702, 4568),
            new ClusterConfig.Peer("n3", "127.0.0.1", 9703, 4569)), peers);
    }

    @Test
    void shouldRejectAPeerWithoutThreeParts() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.parsePeers("n1=host:9701"));
        assertEquals("--peers entries are id=host:raftPort:httpPort, not n1=host:9701", wrong.getMessage());
    }

    @Test
    void shouldRejectANodeIdThatIsNotAPeer() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
            () -> config("n4", 3));
        assertEquals("--node-id n4 is not one of the --peers", wrong.getMessage());
    }

    @Test
    void shouldRejectAReplicationFactorOtherThanOneThreeOrFive() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> config("n1", 2));
        assertEquals("--replication-factor must be 1, 3 or 5, not 2", wrong.getMessage());
    }

    @Test
    void shouldRejectAReplicationFactorAboveTheNumberOfPeers() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> config("n1", 5));
        assertEquals("--replication-factor 5 needs at least as many --peers, not 3", wrong.getMessage());
    }

    @Test
    void shouldPutEachDataGroupOnReplicationFactorNodesStartingAtTheNodeThatLeadsIt() {
        GroupLayout layout = new GroupLayout(config("n2", 1));
        assertEquals(3, layout.data().size());
        for (int g = 0; g < 3; g++) {
            assertEquals(List.of("n" + (g + 1)), layout.data().get(g).getPeers().stream().map(peer -> peer.getId().toString()).toList());
        }
        assertEquals(3, layout.metadata().getPeers().size(), "the catalog stays on every node");
    }

    @Test
    void shouldGiveEveryNodeOneDataGroupToLeadAndMapAShardToTheSameGroupOnEveryNode() {
        GroupLayout first = new GroupLayout(config("n1", 3));
        GroupLayout second = new GroupLayout(config("n2", 3));
        assertEquals(3, first.data().size());
        for (int g = 0; g < 3; g++) {
            assertEquals("n" + (g + 1), first.data().get(g).getPeers().stream()
                .max(java.util.Comparator.comparingInt(org.apache.ratis.protocol.RaftPeer::getPriority)).orElseThrow().getId().toString());
        }
        for (int shard = 0; shard < 20; shard++) {
            assertEquals(first.groupOf("orders", 1_700_000_000_000L, new ShardId(shard)).getGroupId(),
                second.groupOf("orders", 1_700_000_000_000L, new ShardId(shard)).getGroupId());
        }
    }

    @Test
    void shouldSpreadEveryStreamsShardsEvenlyOverTheGroups() {
        GroupLayout layout = new GroupLayout(config("n1", 3));
        for (int stream = 0; stream < 50; stream++) {
            java.util.Map<org.apache.ratis.protocol.RaftGroupId, Integer> perGroup = new java.util.HashMap<>();
            for (int shard = 0; shard < 4; shard++) {
                perGroup.merge(layout.groupOf("stream-" + stream, 1_700_000_000_000L + stream, new ShardId(shard)).getGroupId(), 1,
                    Integer::sum);
            }
            assertEquals(List.of(1, 1, 2), perGroup.values().stream().sorted().toList(), "stream-" + stream + "'s 4 shards: 2, 1 and 1");
        }
    }

    private static ClusterConfig config(String node, int replicationFactor) {
        return new ClusterConfig(node, ClusterConfig.parsePeers(PEERS), 9701, replicationFactor, Path.of("raft"),
            ClusterConfig.DEFAULT_WRITE_TIMEOUT, true, true);
    }
}
