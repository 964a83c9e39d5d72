package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower's Raft server, set up as a cluster node sets it up, taking append requests the way a
 * leader sends them after an inconsistency: the same first index again, with more entries, while
 * the first request may still be being written. The test plays the leader's part over Ratis's own
 * server protocol; the leader it names is not running.
 */
class FollowerAppendTest {
    private static final RaftPeerId FOLLOWER = RaftPeerId.valueOf("n1");
    private static final RaftPeerId LEADER = RaftPeerId.valueOf("n2");
    private static final long TERM = 1_000;

    @Test
    void shouldHoldEveryEntryUpToTheMatchIndexItAnswersWhenALeaderResendsFromTheSameIndex(@TempDir Path raft) throws Exception {
        ClusterConfig config = new ClusterConfig("n1", ClusterConfig.parsePeers("n1=127.0.0.1:9701:4567"), 0, 1, raft,
            ClusterConfig.DEFAULT_WRITE_TIMEOUT, true, true);
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(),
            RaftPeer.newBuilder().setId(FOLLOWER).setAddress("127.0.0.1:1").build(),
            RaftPeer.newBuilder().setId(LEADER).setAddress("127.0.0.1:1").build());
        try (RaftServer server = RaftServer.newBuilder()
                .setServerId(FOLLOWER)
                .setGroup(group)
                .setProperties(new ClusterNode(config, new SimpleMeterRegistry()).properties())
                .setStateMachine(new BaseStateMachine())
                .setOption(RaftStorage.StartupOption.FORMAT)
                .build()) {
            server.start();

            CompletableFuture<AppendEntriesReplyProto> shorter = server.appendEntriesAsync(append(group, 1, 0, 10));
            CompletableFuture<AppendEntriesReplyProto> longer = server.appendEntriesAsync(append(group, 2, 0, 40));
            List<AppendEntriesReplyProto> replies = List.of(shorter.get(30, TimeUnit.SECONDS), longer.get(30, TimeUnit.SECONDS));

            long last = server.getDivision(group.getGroupId()).getRaftLog().getLastEntryTermIndex().getIndex();
            for (AppendEntriesReplyProto reply : replies) {
                if (reply.getResult() == AppendEntriesReplyProto.AppendResult.SUCCESS) {
                    assertTrue(reply.getMatchIndex() <= last, "answered match index " + reply.getMatchIndex()
                        + " but the log ends at " + last);
                }
            }
            assertEquals(AppendEntriesReplyProto.AppendResult.SUCCESS, replies.get(1).getResult());
            assertEquals(39, last);
        }
    }

    private static AppendEntriesRequestProto append(RaftGroup group, long callId, long first, int count) {
        AppendEntriesRequestProto.Builder request = AppendEntriesRequestProto.newBuilder()
            .setServerRequest(RaftRpcRequestProto.newBuilder()
                .setRequestorId(LEADER.toByteString())
                .setReplyId(FOLLOWER.toByteString())
                .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(group.getGroupId().toByteString()))
                .setCallId(callId))
            .setLeaderTerm(TERM)
            .setLeaderCommit(-1);
        for (long index = first; index < first + count; index++) {
            request.addEntries(LogEntryProto.newBuilder()
                .setTerm(TERM)
                .setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder()
                    .setLogData(ByteString.copyFromUtf8("entry " + index))));
        }
        return request.build();
    }
}
