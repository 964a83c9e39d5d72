package io.tributary.http.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.http.protocol.Encoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Validator against the real service model: the exact SerializationException and
 * ValidationException texts Kinesis answers with (API-SURFACE.md §4, kinesalite's recordings),
 * and the normalisation of blobs and timestamps (WIRE.md §2.3, §3.2).
 *
 * <p>Request bodies below are JSON with single quotes standing for double quotes.
 */
class ValidatorTest {
    private static final ServiceModel MODEL = ServiceModel.load();
    private static final Validator VALIDATOR = new Validator(MODEL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String STREAM_NAME_PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
    private static final String NOT_NULL = "Member must not be null";
    private static final String TAG_KEY_CONSTRAINTS =
        "[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]";

    // ---- ValidationException -------------------------------------------------------------------

    static Stream<Arguments> invalidInputs() {
        String longName = "a".repeat(129);
        String longKey = "k".repeat(257);
        String tooLongIterator = "i".repeat(513);
        return Stream.of(
            // CreateStream
            Arguments.of("CreateStream", "{'StreamName':'x!','ShardCount':1}",
                one("Value 'x!' at 'streamName' failed to satisfy constraint: " + STREAM_NAME_PATTERN)),
            Arguments.of("CreateStream", "{}",
                one("Value null at 'streamName' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("CreateStream", "{'StreamName':null,'ShardCount':1}",
                one("Value null at 'streamName' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("CreateStream", "{'StreamName':'','ShardCount':1}",
                "2 validation errors detected: "
                    + "Value '' at 'streamName' failed to satisfy constraint: " + STREAM_NAME_PATTERN + "; "
                    + "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
            Arguments.of("CreateStream", "{'StreamName':'" + longName + "','ShardCount':1}",
                one("Value '" + longName + "' at 'streamName' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 128")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':0}",
                one("Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':-3}",
                one("Value '-3' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1")),
            Arguments.of("CreateStream", "{'StreamName':'s','StreamModeDetails':{'StreamMode':'SOMETIMES'}}",
                one("Value 'SOMETIMES' at 'streamModeDetails.streamMode' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]")),
            Arguments.of("CreateStream", "{'StreamName':'s','StreamModeDetails':{}}",
                one("Value null at 'streamModeDetails.streamMode' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'MaxRecordSizeInKiB':1023}",
                one("Value '1023' at 'maxRecordSizeInKiB' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 1024")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'MaxRecordSizeInKiB':10241}",
                one("Value '10241' at 'maxRecordSizeInKiB' failed to satisfy constraint: "
                    + "Member must have value less than or equal to 10240")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'WarmThroughputMiBps':-1}",
                one("Value '-1' at 'warmThroughputMiBps' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 0")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'RecordDistributionStrategy':'RANDOM'}",
                one("Value 'RANDOM' at 'recordDistributionStrategy' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [AUTO, USER_PARTITION_KEY]")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'Tags':{}}",
                one("Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1")),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'Tags':{'team':'a','':'b'}}",
                one("Value '{team=a, =b}' at 'tags' failed to satisfy constraint: "
                    + "Map keys must satisfy constraint: " + TAG_KEY_CONSTRAINTS)),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':1,'Tags':{'team':'" + longKey + "'}}",
                one("Value '{team=" + longKey + "}' at 'tags' failed to satisfy constraint: "
                    + "Map value must satisfy constraint: [Member must have length less than or equal to 256, "
                    + "Member must have length greater than or equal to 0]")),
            Arguments.of("CreateStream", "{'StreamName':'','ShardCount':0,'MaxRecordSizeInKiB':1}",
                "4 validation errors detected: "
                    + "Value '' at 'streamName' failed to satisfy constraint: " + STREAM_NAME_PATTERN + "; "
                    + "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                    + "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; "
                    + "Value '1' at 'maxRecordSizeInKiB' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 1024"),

            // PutRecord
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'pk'}",
                one("Value null at 'data' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("PutRecord", "{'StreamName':'s','Data':'','PartitionKey':''}",
                one("Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1")),
            Arguments.of("PutRecord", "{'StreamName':'s','Data':'','PartitionKey':'" + longKey + "'}",
                one("Value '" + longKey + "' at 'partitionKey' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 256")),
            Arguments.of("PutRecord", "{'StreamName':'s','Data':'','PartitionKey':'pk','ExplicitHashKey':'01'}",
                one("Value '01' at 'explicitHashKey' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^(0|([1-9]\\d{0,38}))$")),
            Arguments.of("PutRecord", "{'StreamName':'s','Data':'','PartitionKey':'pk','ExplicitHashKey':'1" + "0".repeat(39) + "'}",
                one("Value '1" + "0".repeat(39) + "' at 'explicitHashKey' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^(0|([1-9]\\d{0,38}))$")),
            Arguments.of("PutRecord", "{'StreamName':'s','Data':'','PartitionKey':'pk','SequenceNumberForOrdering':'-1'}",
                one("Value '-1' at 'sequenceNumberForOrdering' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^(0|([1-9]\\d{0,128}))$")),
            Arguments.of("PutRecord", "{'StreamARN':'arn:aws:kinesis:us-east-1:123:stream/s','Data':'','PartitionKey':'pk'}",
                one("Value 'arn:aws:kinesis:us-east-1:123:stream/s' at 'streamARN' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+")),
            Arguments.of("PutRecord", "{'StreamName':'s','StreamId':'nope','Data':'','PartitionKey':'pk'}",
                one("Value 'nope' at 'streamId' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-z0-9]{20}-[a-z0-9]{3}")),
            Arguments.of("PutRecord", "{'StreamName':'a b','Data':'','PartitionKey':''}",
                "2 validation errors detected: "
                    + "Value 'a b' at 'streamName' failed to satisfy constraint: " + STREAM_NAME_PATTERN + "; "
                    + "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"),

            // PutRecords
            Arguments.of("PutRecords", "{}",
                one("Value null at 'records' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[]}",
                one("Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1")),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[{'Data':'','PartitionKey':'a'},{'Data':'','PartitionKey':''}]}",
                one("Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1")),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[{'PartitionKey':'a'}]}",
                one("Value null at 'records.1.member.data' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[null]}",
                one("Value null at 'records.1.member' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[{'Data':'','PartitionKey':'a','ExplicitHashKey':'x'}]}",
                one("Value 'x' at 'records.1.member.explicitHashKey' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^(0|([1-9]\\d{0,38}))$")),
            Arguments.of("PutRecords", "{'StreamName':'','Records':[{'Data':'','PartitionKey':'','ExplicitHashKey':''}]}",
                "4 validation errors detected: "
                    + "Value '' at 'records.1.member.explicitHashKey' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^(0|([1-9]\\d{0,38}))$; "
                    + "Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1; "
                    + "Value '' at 'streamName' failed to satisfy constraint: " + STREAM_NAME_PATTERN + "; "
                    + "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1"),

            // GetRecords
            Arguments.of("GetRecords", "{}",
                one("Value null at 'shardIterator' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("GetRecords", "{'ShardIterator':''}",
                one("Value '' at 'shardIterator' failed to satisfy constraint: Member must have length greater than or equal to 1")),
            Arguments.of("GetRecords", "{'ShardIterator':'" + tooLongIterator + "'}",
                one("Value '" + tooLongIterator + "' at 'shardIterator' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 512")),
            Arguments.of("GetRecords", "{'ShardIterator':'it','Limit':0}",
                one("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")),
            Arguments.of("GetRecords", "{'ShardIterator':'it','Limit':10001}",
                one("Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000")),
            Arguments.of("GetRecords", "{'ShardIterator':'','Limit':20000}",
                "2 validation errors detected: "
                    + "Value '' at 'shardIterator' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                    + "Value '20000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"),

            // ListShards
            Arguments.of("ListShards", "{'StreamName':'s','MaxResults':0}",
                one("Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")),
            Arguments.of("ListShards", "{'StreamName':'s','MaxResults':10001}",
                one("Value '10001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000")),
            Arguments.of("ListShards", "{'NextToken':''}",
                one("Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1")),
            Arguments.of("ListShards", "{'StreamName':'s','ExclusiveStartShardId':'shard/1'}",
                one("Value 'shard/1' at 'exclusiveStartShardId' failed to satisfy constraint: " + STREAM_NAME_PATTERN)),
            Arguments.of("ListShards", "{'StreamName':'s','ShardFilter':{}}",
                one("Value null at 'shardFilter.type' failed to satisfy constraint: " + NOT_NULL)),
            Arguments.of("ListShards", "{'StreamName':'s','ShardFilter':{'Type':'AT_START'}}",
                one("Value 'AT_START' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]")),
            Arguments.of("ListShards", "{'StreamName':'s','ShardFilter':{'Type':'AFTER_SHARD_ID','ShardId':''}}",
                "2 validation errors detected: "
                    + "Value '' at 'shardFilter.shardId' failed to satisfy constraint: " + STREAM_NAME_PATTERN + "; "
                    + "Value '' at 'shardFilter.shardId' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidInputs")
    void shouldRejectInputBreakingModelConstraintsWithTheKinesisMessage(String operation, String body, String message) {
        KinesisException error = assertThrows(KinesisException.class, () -> validate(operation, body, Encoding.JSON));
        assertEquals(ErrorCode.VALIDATION, error.code());
        assertEquals(message, error.getMessage());
    }

    @Test
    void shouldReportAtMostTenErrorsAndCountOnlyThose() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            records.append(i == 0 ? "" : ",").append("{'Data':'','PartitionKey':''}");
        }
        KinesisException error = assertThrows(KinesisException.class,
            () -> validate("PutRecords", "{'StreamName':'','Records':[" + records + "]}", Encoding.JSON));

        String message = error.getMessage();
        assertTrue(message.startsWith("10 validation errors detected: Value '[com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@"),
            message);
        String[] errors = message.substring("10 validation errors detected: ".length()).split("; ");
        assertEquals(10, errors.length);
        assertTrue(errors[0].matches("Value '\\[(com\\.amazonaws\\.kinesis\\.v20131202\\.PutRecordsRequestEntry@[0-9a-f]+(, )?){501}\\]'"
            + " at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"), errors[0]);
        for (int i = 1; i < 10; i++) {
            assertEquals("Value '' at 'records." + i + ".member.partitionKey' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1", errors[i]);
        }
    }

    @Test
    void shouldShowAnOversizedBlobAsJavaDoesNotByItsContent() {
        String data = Base64.getEncoder().encodeToString(new byte[10 * 1024 * 1024 + 1]);
        KinesisException error = assertThrows(KinesisException.class,
            () -> validate("PutRecord", "{'StreamName':'s','PartitionKey':'pk','Data':'" + data + "'}", Encoding.JSON));
        assertEquals(one("Value 'java.nio.HeapByteBuffer[pos=0 lim=10485761 cap=10485761]' at 'data' failed to satisfy"
            + " constraint: Member must have length less than or equal to 10485760"), error.getMessage());
    }

    private static String one(String error) {
        return "1 validation error detected: " + error;
    }

    // ---- SerializationException ----------------------------------------------------------------

    static Stream<Arguments> wronglyTypedInputs() {
        return Stream.of(
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':'1'}", "class java.lang.String can not be converted to an Integer"),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':true}", "class java.lang.Boolean can not be converted to an Integer"),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':{}}", "Start of structure or map found where not expected."),
            Arguments.of("CreateStream", "{'StreamName':'s','ShardCount':[]}", "Start of list found where not expected"),
            Arguments.of("CreateStream", "{'StreamName':true}", "class java.lang.Boolean can not be converted to an String"),
            Arguments.of("CreateStream", "{'StreamName':12}", "class java.math.BigDecimal can not be converted to an String"),
            Arguments.of("CreateStream", "{'StreamName':{'a':1}}", "Start of structure or map found where not expected."),
            Arguments.of("CreateStream", "{'StreamName':['s']}", "Start of list found where not expected"),
            Arguments.of("CreateStream", "{'StreamName':'s','StreamModeDetails':'ON_DEMAND'}", "Expected null"),
            Arguments.of("CreateStream", "{'StreamName':'s','StreamModeDetails':[]}", "Start of list found where not expected"),
            Arguments.of("CreateStream", "{'StreamName':'s','Tags':'a=b'}", "Expected map or null"),
            Arguments.of("CreateStream", "{'StreamName':'s','Tags':[]}", "Start of list found where not expected"),
            Arguments.of("CreateStream", "{'StreamName':'s','Tags':{'a':1}}", "class java.math.BigDecimal can not be converted to an String"),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':{}}", "Start of structure or map found where not expected."),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':'r'}", "Expected list or null"),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':5}", "Expected list or null"),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':['r']}", "Expected null"),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[{'Data':true,'PartitionKey':'a'}]}",
                "class java.lang.Boolean can not be converted to a Blob"),
            Arguments.of("PutRecords", "{'StreamName':'s','Records':[{'Data':'','PartitionKey':7}]}",
                "class java.math.BigDecimal can not be converted to an String"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':12}", "class java.math.BigDecimal can not be converted to a Blob"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':[]}", "Start of list found where not expected"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'23456'}",
                "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'=+/='}",
                "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'ab!d'}",
                "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'aGk=aGk='}",
                "'aGk=aGk=' can not be converted to a Blob: Invalid Base64 character: '='"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'+/+='}",
                "'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'','DryRun':'yes'}",
                "'YES' can not be converted to an Boolean"),
            Arguments.of("PutRecord", "{'StreamName':'s','PartitionKey':'a','Data':'','DryRun':1}",
                "class java.math.BigDecimal can not be converted to an Boolean"),
            Arguments.of("GetRecords", "{'ShardIterator':'it','Limit':'10'}", "class java.lang.String can not be converted to an Integer"),
            Arguments.of("GetShardIterator", "{'StreamName':'s','ShardId':'0','ShardIteratorType':'AT_TIMESTAMP','Timestamp':'2024-01-01'}",
                "class java.lang.String can not be converted to a Timestamp"),
            Arguments.of("ListShards", "{'StreamName':'s','ShardFilter':{'Type':'AT_TIMESTAMP','Timestamp':true}}",
                "class java.lang.Boolean can not be converted to a Timestamp"),
            Arguments.of("ListShards", "{'StreamName':'s','ShardFilter':'AT_LATEST'}", "Expected null"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wronglyTypedInputs")
    void shouldRejectMembersOfTheWrongTypeWithASerializationException(String operation, String body, String message) {
        KinesisException error = assertThrows(KinesisException.class, () -> validate(operation, body, Encoding.JSON));
        assertEquals(ErrorCode.SERIALIZATION, error.code());
        assertEquals(message, error.getMessage());
    }

    @Test
    void shouldCheckTypesBeforeConstraints() {
        KinesisException error = assertThrows(KinesisException.class,
            () -> validate("CreateStream", "{'StreamName':'x!','ShardCount':'2'}", Encoding.JSON));
        assertEquals(ErrorCode.SERIALIZATION, error.code());
    }

    @Test
    void shouldRejectNotANumberWhereANumberIsExpected() throws IOException {
        byte[] body = cbor(generator -> {
            generator.writeStringField("ShardIterator", "it");
            generator.writeNumberField("Limit", Double.NaN);
        });
        KinesisException error = assertThrows(KinesisException.class, () -> validate("GetRecords", body));
        assertEquals(ErrorCode.SERIALIZATION, error.code());
        assertEquals("NaN can not be converted to an Integer", error.getMessage());
    }

    // ---- normalisation -------------------------------------------------------------------------

    @Test
    void shouldDropMembersTheModelDoesNotKnow() {
        ObjectNode members = validate("CreateStream", "{'StreamName':'s','ShardCount':1,'Colour':'blue','shardCount':{'x':1}}",
            Encoding.JSON);
        assertEquals(JSON.createObjectNode().put("StreamName", "s").put("ShardCount", 1), members);
    }

    @Test
    void shouldTreatJsonNullsAsAbsent() {
        ObjectNode members = validate("ListShards", "{'StreamName':'s','NextToken':null,'MaxResults':null}", Encoding.JSON);
        assertEquals(JSON.createObjectNode().put("StreamName", "s"), members);
    }

    @Test
    void shouldFloorFractionalIntegers() {
        ObjectNode members = validate("GetRecords", "{'ShardIterator':'it','Limit':25.9}", Encoding.JSON);
        assertEquals(25, members.get("Limit").intValue());
    }

    @Test
    void shouldCapIntegersBeyondTheJavaRangeInsteadOfWrappingThem() {
        ObjectNode members = validate("CreateStream", "{'StreamName':'s','ShardCount':4294967297}", Encoding.JSON);
        assertEquals(Integer.MAX_VALUE, members.get("ShardCount").intValue());
        assertTrue(members.get("ShardCount").canConvertToInt());

        KinesisException error = assertThrows(KinesisException.class,
            () -> validate("GetRecords", "{'ShardIterator':'it','Limit':1e400}", Encoding.JSON));
        assertEquals(one("Value '2147483647' at 'limit' failed to satisfy constraint: "
            + "Member must have value less than or equal to 10000"), error.getMessage());
    }

    @Test
    void shouldDecodeJsonBlobsFromBase64() throws IOException {
        ObjectNode members = validate("PutRecord", "{'StreamName':'s','PartitionKey':'pk','Data':'aGVsbG8='}", Encoding.JSON);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), members.get("Data").binaryValue());

        ObjectNode empty = validate("PutRecord", "{'StreamName':'s','PartitionKey':'pk','Data':''}", Encoding.JSON);
        assertArrayEquals(new byte[0], empty.get("Data").binaryValue());
    }

    @Test
    void shouldKeepCborBlobsAsTheirBytes() throws IOException {
        byte[] data = {0, (byte) 0xff, 0x10, 'x'};
        byte[] body = cbor(generator -> {
            generator.writeStringField("StreamName", "s");
            generator.writeStringField("PartitionKey", "pk");
            generator.writeBinaryField("Data", data);
        });
        assertArrayEquals(data, validate("PutRecord", body).get("Data").binaryValue());
    }

    @Test
    void shouldNormaliseJsonTimestampsFromEpochSecondsToMillis() {
        ObjectNode members = validate("GetShardIterator",
            "{'StreamName':'s','ShardId':'shardId-000000000000','ShardIteratorType':'AT_TIMESTAMP','Timestamp':1700000000.123}",
            Encoding.JSON);
        assertEquals(1700000000123L, members.get("Timestamp").longValue());
    }

    @Test
    void shouldReadWholeAndDoubleNotationJsonTimestampsAsSeconds() {
        assertEquals(1700000000000L, listShardsFilterTimestamp("1700000000"));
        assertEquals(1700000000123L, listShardsFilterTimestamp("1.700000000123E9"));
        assertEquals(1700000000005L, listShardsFilterTimestamp("1700000000.005"));
        assertEquals(0L, listShardsFilterTimestamp("0"));
    }

    @Test
    void shouldNormaliseNestedAndTopLevelJsonTimestamps() {
        ObjectNode members = validate("ListShards",
            "{'StreamName':'s','StreamCreationTimestamp':1.5,'ShardFilter':{'Type':'AT_TIMESTAMP','Timestamp':1700000000.123}}",
            Encoding.JSON);
        assertEquals(1500L, members.get("StreamCreationTimestamp").longValue());
        assertEquals(1700000000123L, members.get("ShardFilter").get("Timestamp").longValue());
    }

    @Test
    void shouldKeepCborTimestampsAsEpochMillis() throws IOException {
        byte[] body = cbor(generator -> {
            generator.writeStringField("StreamName", "s");
            generator.writeStringField("ShardId", "shardId-000000000000");
            generator.writeStringField("ShardIteratorType", "AT_TIMESTAMP");
            generator.writeFieldName("Timestamp");
            generator.writeTag(1);
            generator.writeNumber(1700000000123L);
        });
        assertEquals(0xc1, Byte.toUnsignedInt(body[indexOfTag(body)]));

        ObjectNode members = validate("GetShardIterator", body);
        assertEquals(1700000000123L, members.get("Timestamp").longValue());
    }

    @Test
    void shouldKeepUntaggedCborTimestampsAsEpochMillisToo() throws IOException {
        byte[] body = cbor(generator -> {
            generator.writeStringField("StreamName", "s");
            generator.writeObjectFieldStart("ShardFilter");
            generator.writeStringField("Type", "AT_TIMESTAMP");
            generator.writeNumberField("Timestamp", 1700000000123L);
            generator.writeEndObject();
        });
        assertEquals(1700000000123L, validate("ListShards", body).get("ShardFilter").get("Timestamp").longValue());
    }

    @Test
    void shouldAcceptAValidInputUnchanged() {
        ObjectNode members = validate("PutRecords",
            "{'StreamName':'s','Records':[{'Data':'eA==','PartitionKey':'a'},{'Data':'','PartitionKey':'b','ExplicitHashKey':'0'}]}",
            Encoding.JSON);
        assertEquals(2, members.get("Records").size());
        assertEquals("0", members.get("Records").get(1).get("ExplicitHashKey").textValue());
        assertFalse(members.has("StreamARN"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static long listShardsFilterTimestamp(String json) {
        return validate("ListShards", "{'StreamName':'s','ShardFilter':{'Type':'AT_TIMESTAMP','Timestamp':" + json + "}}",
            Encoding.JSON).get("ShardFilter").get("Timestamp").longValue();
    }

    private static ObjectNode validate(String operation, String singleQuotedJson, Encoding encoding) {
        JsonNode body;
        try {
            body = JSON.readTree(singleQuotedJson.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return VALIDATOR.validate(MODEL.input(operation).orElseThrow(), body, encoding);
    }

    private static ObjectNode validate(String operation, byte[] cborBody) throws IOException {
        JsonNode body = Encoding.CBOR.mapper().readTree(cborBody);
        return VALIDATOR.validate(MODEL.input(operation).orElseThrow(), body, Encoding.CBOR);
    }

    @FunctionalInterface
    private interface Members {
        void write(CBORGenerator generator) throws IOException;
    }

    /** A CBOR map written the way the AWS SDK writes it: indefinite length, tag 1 for timestamps. */
    private static byte[] cbor(Members members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(bytes)) {
            generator.writeStartObject();
            members.write(generator);
            generator.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static int indexOfTag(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (Byte.toUnsignedInt(body[i]) == 0xc1) {
                return i;
            }
        }
        throw new AssertionError("no tag 1 in the body");
    }
}
