package io.tributary.cluster;

import io.tributary.engine.model.ShardId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Which Raft groups exist and which group holds a shard; the same on every node, computed from the
 * static peer list alone. One metadata group over all nodes; one data group per node, of
 * replication-factor nodes starting at that node, which is the group's preferred leader (a higher
 * Raft priority, so leadership returns to it when it comes back): every node leads a fair share.
 * A stream's shards go round the data groups in index order ({@link #groupOf}).
 *
 * <p>Immutable.
 */
final class GroupLayout {
    private static final int PREFERRED = 2;
    private static final int OTHER = 1;

    private final RaftGroup metadata;
    private final List<RaftGroup> data;
    /** Every group, the metadata group first, by the name its meters and health checks give it. */
    private final Map<RaftGroupId, String> names;

    GroupLayout(ClusterConfig config) {
        List<ClusterConfig.Peer> peers = config.peers();
        List<RaftPeer> all = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            all.add(peer(peers.get(i), i == 0 ? PREFERRED : OTHER));
        }
        this.metadata = RaftGroup.valueOf(groupId("tributary-metadata"), all);
        List<RaftGroup> groups = new ArrayList<>();
        for (int g = 0; g < peers.size(); g++) {
            List<RaftPeer> members = new ArrayList<>();
            for (int k = 0; k < config.replicationFactor(); k++) {
                members.add(peer(peers.get((g + k) % peers.size()), k == 0 ? PREFERRED : OTHER));
            }
            groups.add(RaftGroup.valueOf(groupId("tributary-data-" + g), members));
        }
        this.data = List.copyOf(groups);
        Map<RaftGroupId, String> named = new LinkedHashMap<>();
        named.put(metadata.getGroupId(), "metadata");
        for (int g = 0; g < data.size(); g++) {
            named.put(data.get(g).getGroupId(), "data-" + g);
        }
        this.names = Collections.unmodifiableMap(named);
    }

    RaftGroup metadata() {
        return metadata;
    }

    List<RaftGroup> data() {
        return data;
    }

    /** Every group's name: {@code metadata}, or {@code data-N} for the data group node N prefers to lead; in that order. */
    Map<RaftGroupId, String> names() {
        return names;
    }

    /** The group of that id. */
    RaftGroup group(RaftGroupId id) {
        return id.equals(metadata.getGroupId()) ? metadata
            : data.stream().filter(group -> group.getGroupId().equals(id)).findFirst().orElseThrow();
    }

    /**
     * The data group of a shard, computed from what names it, so every node agrees without asking: a
     * stream's shards go round the groups in index order from a group its name and creation time
     * hash to, so any stream's shards spread evenly (4 shards on 3 groups: 2, 1 and 1), and so do
     * the children of a reshard, whose indexes follow their parents'.
     */
    RaftGroup groupOf(String streamName, long streamCreatedMillis, ShardId shard) {
        int first = (streamName + "/" + streamCreatedMillis).hashCode();
        return data.get((int) Math.floorMod((long) first + shard.index(), (long) data.size()));
    }

    private static RaftPeer peer(ClusterConfig.Peer peer, int priority) {
        return RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.raftAddress()).setPriority(priority).build();
    }

    private static RaftGroupId groupId(String name) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }
}
