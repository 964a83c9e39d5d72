package io.tributary.cluster;

/**
 * Every meter cluster mode records, declared once, in the style of the engine's
 * {@code EngineMeter} (the engine does not know Raft, so these live here). Each is tagged by
 * {@code group}: {@code metadata} or {@code data-N}, the data group node N prefers to lead.
 *
 * <table>
 *   <caption>Micrometer name, Prometheus series, meaning</caption>
 *   <tr><th>Micrometer</th><th>Prometheus</th><th>Meaning</th></tr>
 *   <tr><td>tributary.cluster.group.leader</td><td>tributary_cluster_group_leader</td><td>1 while this node leads the group, else 0</td></tr>
 *   <tr><td>tributary.cluster.group.term</td><td>tributary_cluster_group_term</td><td>the group's current Raft term here</td></tr>
 *   <tr><td>tributary.cluster.group.commit.index</td><td>tributary_cluster_group_commit_index</td><td>the last committed log index known here</td></tr>
 *   <tr><td>tributary.cluster.group.follower.lag</td><td>tributary_cluster_group_follower_lag</td><td>on the leader: entries the furthest-behind follower lacks (0 elsewhere)</td></tr>
 *   <tr><td>tributary.cluster.group.commit.latency</td><td>tributary_cluster_group_commit_latency_seconds</td><td>a write proposed here, until its group committed and applied it</td></tr>
 *   <tr><td>tributary.cluster.group.stalled.shards</td><td>tributary_cluster_group_stalled_shards</td><td>data groups: shards whose replica here waits to apply agreed writes its log refused (a full disk)</td></tr>
 * </table>
 */
enum ClusterMeter {
    GROUP_LEADER("tributary.cluster.group.leader", "1 while this node leads the group, else 0"),
    GROUP_TERM("tributary.cluster.group.term", "The group's current Raft term on this node"),
    GROUP_COMMIT_INDEX("tributary.cluster.group.commit.index", "The last committed Raft log index this node knows"),
    GROUP_FOLLOWER_LAG("tributary.cluster.group.follower.lag", "On the leader, entries the furthest-behind follower lacks"),
    GROUP_COMMIT_LATENCY("tributary.cluster.group.commit.latency", "From proposing a write here to its commit and apply"),
    GROUP_STALLED_SHARDS("tributary.cluster.group.stalled.shards",
        "Shards whose replica here waits to apply agreed writes its log refused (a full disk)");

    static final String GROUP_TAG = "group";

    private final String meterName;
    private final String description;

    ClusterMeter(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    String meterName() {
        return meterName;
    }

    String description() {
        return description;
    }
}
