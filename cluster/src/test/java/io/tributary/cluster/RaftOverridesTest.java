package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftOverridesTest {
    @Test
    void shouldSetEveryRaftPropertyOverTheNodesOwnSettingsAndNothingElse() {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(800, TimeUnit.MILLISECONDS));
        Properties system = new Properties();
        system.setProperty("raft.server.rpc.timeout.min", "500ms");
        system.setProperty("java.io.tmpdir", "/elsewhere");

        ClusterNode.overridden(properties, system);

        assertEquals(TimeDuration.valueOf(500, TimeUnit.MILLISECONDS), RaftServerConfigKeys.Rpc.timeoutMin(properties));
        assertNull(properties.get("java.io.tmpdir"), "only raft.* keys reach Ratis");
    }

    @Test
    void shouldAnswerAnAppendOnlyAfterTheRaftLogsFsyncWithFsyncDurabilityAndAtOnceWithInterval(@TempDir Path raft) throws Exception {
        ClusterConfig synced = new ClusterConfig("n1", ClusterConfig.parsePeers("n1=127.0.0.1:9701:4567"), 9701, 1, raft,
            ClusterConfig.DEFAULT_WRITE_TIMEOUT, true, true);
        ClusterConfig unsynced = new ClusterConfig("n1", synced.peers(), 9701, 1, raft, ClusterConfig.DEFAULT_WRITE_TIMEOUT, false, true);

        assertFalse(RaftServerConfigKeys.Log.unsafeFlushEnabled(new ClusterNode(synced, new SimpleMeterRegistry()).properties()));
        assertTrue(RaftServerConfigKeys.Log.unsafeFlushEnabled(new ClusterNode(unsynced, new SimpleMeterRegistry()).properties()));
    }
}
