package io.tributary.bench.client;

import io.vertx.core.Future;
import java.util.List;

/**
 * The Kinesis calls the load generator makes. Futures complete on the caller's Vert.x context when
 * there is one. A call the server answers with an error fails with a {@link KinesisCallException};
 * a PutRecords entry the server rejects is a normal {@link Placement} with an error code.
 *
 * <p>Concurrency: implementations are thread-safe.
 */
public interface KinesisClient extends AutoCloseable {

    Future<Void> createStream(String stream, int shardCount);

    /** The stream's status as DescribeStreamSummary reports it ({@code CREATING}, {@code ACTIVE}, ...). */
    Future<String> streamStatus(String stream);

    /** Every shard id of the stream, following ListShards pages. */
    Future<List<String>> shardIds(String stream);

    Future<Placement> putRecord(String stream, OutgoingRecord record);

    /** One placement per record, in the order of {@code records}. */
    Future<List<Placement>> putRecords(String stream, List<OutgoingRecord> records);

    /** A TRIM_HORIZON shard iterator. */
    Future<String> trimHorizonIterator(String stream, String shardId);

    Future<RecordsPage> getRecords(String shardIterator, int limit);

    Future<Void> deleteStream(String stream);

    /** StartStreamEncryption with the KMS key {@code keyId}. */
    Future<Void> startStreamEncryption(String stream, String keyId);

    @Override
    void close();
}
