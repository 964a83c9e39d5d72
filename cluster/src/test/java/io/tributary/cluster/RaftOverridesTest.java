package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;

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
}
