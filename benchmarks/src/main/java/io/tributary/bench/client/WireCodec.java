package io.tributary.bench.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.tributary.http.protocol.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Request bodies written and response bodies read the way a Kinesis client does, in JSON 1.1 or
 * CBOR (WIRE.md §2–3). The record-carrying calls (PutRecord, PutRecords, GetRecords) are written
 * and read with Jackson's streaming API, so that the client spends as little CPU as it can; the
 * control-plane answers are read as trees.
 *
 * <p>Concurrency: stateless, thread-safe.
 */
public final class WireCodec {
    /** CBOR tag 1: an epoch time; Kinesis puts integer milliseconds under it. */
    private static final int EPOCH_TAG = 1;
    private static final int RECORD_OVERHEAD_BYTES = 32;

    private final Encoding encoding;

    public WireCodec(Encoding encoding) {
        this.encoding = encoding;
    }

    public Encoding encoding() {
        return encoding;
    }

    // ---- requests ------------------------------------------------------------------------------

    public byte[] createStream(String stream, int shardCount) {
        return write(64, out -> {
            out.writeStringField("StreamName", stream);
            out.writeNumberField("ShardCount", shardCount);
        });
    }

    public byte[] startStreamEncryption(String stream, String keyId) {
        return write(64, out -> {
            out.writeStringField("StreamName", stream);
            out.writeStringField("EncryptionType", "KMS");
            out.writeStringField("KeyId", keyId);
        });
    }

    public byte[] streamName(String stream) {
        return write(64, out -> out.writeStringField("StreamName", stream));
    }

    public byte[] listShards(String stream, Optional<String> nextToken) {
        return write(64, out -> {
            if (nextToken.isPresent()) {
                out.writeStringField("NextToken", nextToken.get());
            } else {
                out.writeStringField("StreamName", stream);
            }
        });
    }

    public byte[] putRecord(String stream, OutgoingRecord record) {
        return write(record.data().length * 4 / 3 + 96, out -> {
            out.writeStringField("StreamName", stream);
            out.writeFieldName("Data");
            out.writeBinary(record.data());
            out.writeStringField("PartitionKey", record.partitionKey());
        });
    }

    public byte[] putRecords(String stream, List<OutgoingRecord> records) {
        int estimate = 64;
        for (OutgoingRecord record : records) {
            estimate += record.data().length * 4 / 3 + record.partitionKey().length() + RECORD_OVERHEAD_BYTES;
        }
        return write(estimate, out -> {
            out.writeArrayFieldStart("Records");
            for (OutgoingRecord record : records) {
                out.writeStartObject();
                out.writeFieldName("Data");
                out.writeBinary(record.data());
                out.writeStringField("PartitionKey", record.partitionKey());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeStringField("StreamName", stream);
        });
    }

    public byte[] trimHorizonIterator(String stream, String shardId) {
        return write(128, out -> {
            out.writeStringField("StreamName", stream);
            out.writeStringField("ShardId", shardId);
            out.writeStringField("ShardIteratorType", "TRIM_HORIZON");
        });
    }

    public byte[] getRecords(String shardIterator, int limit) {
        return write(shardIterator.length() + 64, out -> {
            out.writeStringField("ShardIterator", shardIterator);
            out.writeNumberField("Limit", limit);
        });
    }

    // ---- responses -----------------------------------------------------------------------------

    public JsonNode tree(byte[] body) {
        try {
            return encoding.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + encoding.name().toLowerCase(java.util.Locale.ROOT) + " response", e);
        }
    }

    public Placement placement(byte[] body) {
        JsonNode tree = tree(body);
        return Placement.placed(tree.path("ShardId").asText(), tree.path("SequenceNumber").asText());
    }

    /** The entries of a PutRecords answer, in request order. */
    public List<Placement> placements(byte[] body, int expected) {
        List<Placement> placements = new ArrayList<>(expected);
        try (JsonParser in = encoding.factory().createParser(body)) {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                if (field.equals("Records")) {
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        placements.add(placementEntry(in));
                    }
                } else {
                    in.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable PutRecords response", e);
        }
        return placements;
    }

    public RecordsPage recordsPage(byte[] body) {
        List<ReceivedRecord> records = new ArrayList<>();
        String next = null;
        long millisBehind = 0;
        try (JsonParser in = encoding.factory().createParser(body)) {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                switch (field) {
                    case "Records" -> {
                        while (in.nextToken() == JsonToken.START_OBJECT) {
                            records.add(record(in));
                        }
                    }
                    case "NextShardIterator" -> next = in.getText();
                    case "MillisBehindLatest" -> millisBehind = in.getLongValue();
                    default -> in.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable GetRecords response", e);
        }
        return new RecordsPage(records, Optional.ofNullable(next), millisBehind);
    }

    /** The error a non-200 answer carries: {@code __type} (after any {@code #}) and {@code message}. */
    public KinesisCallException error(int status, byte[] body) {
        try {
            JsonNode tree = encoding.mapper().readTree(body);
            if (tree != null && tree.isObject()) {
                String type = tree.path("__type").asText("");
                return new KinesisCallException(status, type.substring(type.indexOf('#') + 1),
                    tree.path("message").asText(""));
            }
        } catch (IOException notKinesisShaped) {
            // an answer such as 413 or a 404 with an XML-like body; reported by status below
        }
        return new KinesisCallException(status, "HTTP" + status, new String(body, StandardCharsets.UTF_8));
    }

    private static Placement placementEntry(JsonParser in) throws IOException {
        String shard = "";
        String sequence = "";
        String errorCode = "";
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "ShardId" -> shard = in.getText();
                case "SequenceNumber" -> sequence = in.getText();
                case "ErrorCode" -> errorCode = in.getText();
                default -> in.skipChildren();
            }
        }
        return errorCode.isEmpty() ? Placement.placed(shard, sequence) : Placement.failed(errorCode);
    }

    private ReceivedRecord record(JsonParser in) throws IOException {
        String partitionKey = "";
        byte[] data = new byte[0];
        String sequence = "";
        long arrival = 0;
        boolean wellFormed = false;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "PartitionKey" -> partitionKey = in.getText();
                case "Data" -> data = in.getBinaryValue();
                case "SequenceNumber" -> sequence = in.getText();
                case "ApproximateArrivalTimestamp" -> {
                    if (in instanceof CBORParser cbor) {
                        wellFormed = cbor.getCurrentTag() == EPOCH_TAG && in.currentToken() == JsonToken.VALUE_NUMBER_INT;
                        arrival = in.getLongValue();
                    } else {
                        wellFormed = in.currentToken().isNumeric();
                        arrival = in.getDecimalValue().movePointRight(3).longValue();
                    }
                }
                default -> in.skipChildren();
            }
        }
        return new ReceivedRecord(partitionKey, data, sequence, arrival, wellFormed);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }

    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator out) throws IOException;
    }

    private byte[] write(int estimate, Members members) {
        return write(encoding, estimate, members);
    }

    /** One object holding the members; in CBOR, maps and arrays of indefinite length, as the Java SDK writes them. */
    private static byte[] write(Encoding encoding, int estimate, Members members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
        try (JsonGenerator out = encoding.factory().createGenerator(bytes)) {
            out.writeStartObject();
            members.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a request into memory failed", e);
        }
        return bytes.toByteArray();
    }
}
