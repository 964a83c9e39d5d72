package io.tributary.http.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What every test class that starts a {@link ThreeNodes} cluster shares: the nodes' temporary
 * directory, the cluster, stopped after each test, and the lock that lets one such class run at a
 * time beside the other tests ({@link ThreeNodes#LOCK}).
 */
@ResourceLock(ThreeNodes.LOCK)
abstract class ThreeNodeTest {
    @TempDir
    Path data;

    ThreeNodes cluster;

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
