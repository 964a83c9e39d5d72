package io.tributary.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.http.protocol.Encoding;
import io.tributary.http.support.RawKinesis;
import io.tributary.http.support.SharedServerTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Every violated constraint of a request in one ValidationException, as Kinesis words it, sent raw
 * in both encodings and through the SDK: in the order of the input shape's members, nested members
 * as {@code parent.member}, list items 1-based as {@code records.1.member}, missing required members
 * among the others, at most ten; and where each kind of error carries its text.
 */
class ValidationAnswersTest extends SharedServerTest {
    private static final String NAME_PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
    private static final String NOT_NULL = "Member must not be null";

    private RawKinesis raw;

    @BeforeAll
    void openRawClient() {
        raw = new RawKinesis(server.endpoint());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldReportTwoErrorsOfTwoMembersInModelOrder(Encoding encoding) {
        RawKinesis.Answer answer = raw.post(encoding, "PutRecord", "{'PartitionKey':'','Data':'','StreamName':'a b'}");

        assertEquals(400, answer.status());
        assertEquals(encoding.contentType(), answer.header("Content-Type").orElseThrow());
        assertEquals("ValidationException", answer.type());
        assertEquals("2 validation errors detected: "
            + "Value 'a b' at 'streamName' failed to satisfy constraint: " + NAME_PATTERN + "; "
            + "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
            answer.message());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldReportAMissingRequiredMemberTogetherWithTheOtherErrors(Encoding encoding) {
        RawKinesis.Answer answer = raw.post(encoding, "GetShardIterator", "{'ShardIteratorType':'NOPE','StreamName':'x!'}");

        assertEquals("ValidationException", answer.type());
        assertEquals("3 validation errors detected: "
            + "Value 'x!' at 'streamName' failed to satisfy constraint: " + NAME_PATTERN + "; "
            + "Value null at 'shardId' failed to satisfy constraint: " + NOT_NULL + "; "
            + "Value 'NOPE' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]", answer.message());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldNameNestedMembersByTheirParent(Encoding encoding) {
        RawKinesis.Answer answer = raw.post(encoding, "ListShards",
            "{'ShardFilter':{'ShardId':'a/b'},'MaxResults':0,'StreamName':'s'}");

        assertEquals("3 validation errors detected: "
            + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; "
            + "Value null at 'shardFilter.type' failed to satisfy constraint: " + NOT_NULL + "; "
            + "Value 'a/b' at 'shardFilter.shardId' failed to satisfy constraint: " + NAME_PATTERN, answer.message());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldNameListItemsFromOne(Encoding encoding) {
        RawKinesis.Answer answer = raw.post(encoding, "PutRecords",
            "{'StreamName':'s','Records':[{'Data':'','PartitionKey':'ok'},{'PartitionKey':''},{'Data':'','PartitionKey':'p','ExplicitHashKey':'-1'}]}");

        assertEquals("3 validation errors detected: "
            + "Value null at 'records.2.member.data' failed to satisfy constraint: " + NOT_NULL + "; "
            + "Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: "
            + "Member must have length greater than or equal to 1; "
            + "Value '-1' at 'records.3.member.explicitHashKey' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: ^(0|([1-9]\\d{0,38}))$", answer.message());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldListAtMostTenErrorsAndCountOnlyThose(Encoding encoding) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            records.append(i == 0 ? "" : ",").append("{'Data':'','PartitionKey':''}");
        }
        RawKinesis.Answer answer = raw.post(encoding, "PutRecords", "{'StreamName':'x!','Records':[" + records + "]}");

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            expected.add("Value '' at 'records." + i + ".member.partitionKey' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1");
        }
        assertEquals("10 validation errors detected: " + String.join("; ", expected), answer.message());
    }

    @Test
    void shouldGiveTheSdkEveryErrorInOneValidationException() {
        KinesisException error = assertThrows(KinesisException.class, () -> kinesis.putRecords(request -> request
            .streamName("")
            .records(PutRecordsRequestEntry.builder().data(SdkBytes.fromUtf8String("a")).partitionKey("").build())));

        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertEquals(400, error.statusCode());
        assertEquals("3 validation errors detected: "
            + "Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: "
            + "Member must have length greater than or equal to 1; "
            + "Value '' at 'streamName' failed to satisfy constraint: " + NAME_PATTERN + "; "
            + "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
            error.awsErrorDetails().errorMessage());
    }

    // ---- where the text goes -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldWriteASerializationExceptionsTextUnderCapitalMessage(Encoding encoding) {
        RawKinesis.Answer answer = raw.post(encoding, "CreateStream", "{'StreamName':true,'ShardCount':1}");

        assertEquals(400, answer.status());
        assertEquals("SerializationException", answer.type());
        assertEquals("class java.lang.Boolean can not be converted to an String", answer.json().path("Message").asText());
        assertNull(answer.json().get("message"));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldWriteOtherErrorsTextUnderLowerCaseMessage(Encoding encoding) {
        RawKinesis.Answer invalid = raw.post(encoding, "CreateStream", "{'StreamName':'x!','ShardCount':1}");
        RawKinesis.Answer missing = raw.post(encoding, "DescribeStreamSummary", "{'StreamName':'nowhere'}");

        assertEquals("ValidationException", invalid.type());
        assertTrue(invalid.json().has("message"));
        assertNull(invalid.json().get("Message"));
        assertEquals("ResourceNotFoundException", missing.type());
        assertEquals("Stream nowhere under account 000000000000 not found.", missing.message());
        assertNull(missing.json().get("Message"));
    }

    @Test
    void shouldWordAStructureWhereAStringIsExpectedAsJavaDoes() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "ListShards", "{'StreamName':'s','ShardFilter':{'Type':{}}}");
        assertEquals("Start of structure or map found where not expected.", answer.json().path("Message").asText());
    }

    // ---- StreamName or StreamARN ---------------------------------------------------------------

    /**
     * The model made StreamName optional when StreamARN arrived; a request with neither passes
     * validation and is refused with InvalidArgumentException. That is the answer chosen because the
     * same model change added InvalidArgumentException to DescribeStream, DescribeStreamSummary and
     * DeleteStream, which have no other argument they could refuse (API-SURFACE.md §9); and no
     * ValidationException can name a member that the model does not require.
     */
    @ParameterizedTest
    @EnumSource(Encoding.class)
    void shouldAnswerARequestNamingNoStreamWithInvalidArgument(Encoding encoding) {
        RawKinesis.Answer answer = raw.post(encoding, "DescribeStreamSummary", "{}");

        assertEquals(400, answer.status());
        assertEquals("InvalidArgumentException", answer.type());
        assertEquals("Either StreamName or StreamARN must be provided.", answer.message());
        assertThrows(InvalidArgumentException.class, () -> kinesis.describeStreamSummary(request -> { }));
    }

    @Test
    void shouldValidateTheOtherMembersOfARequestNamingNoStreamFirst() {
        RawKinesis.Answer answer = raw.post(Encoding.JSON, "DescribeStream", "{'Limit':0}");

        assertEquals("ValidationException", answer.type());
        assertEquals("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            + "Member must have value greater than or equal to 1", answer.message());
    }
}
