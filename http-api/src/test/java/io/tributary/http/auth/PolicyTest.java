package io.tributary.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How policy statements match actions and resources, and which documents are refused. */
class PolicyTest {
    private static final String STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";

    @Test
    void shouldMatchActionsCaseInsensitivelyWithWildcards() {
        Policy.Statement statement = only("{\"Effect\":\"Allow\",\"Action\":[\"kinesis:Get*\",\"kinesis:?utRecord\"],\"Resource\":\"*\"}");
        assertTrue(statement.matches("kinesis:GetRecords", STREAM));
        assertTrue(statement.matches("KINESIS:getshardIterator", STREAM));
        assertTrue(statement.matches("kinesis:PutRecord", STREAM));
        assertFalse(statement.matches("kinesis:PutRecords", STREAM));
        assertFalse(statement.matches("kinesis:DeleteStream", STREAM));
    }

    @Test
    void shouldMatchResourcesCaseSensitivelyIncludingConsumersUnderAStreamWildcard() {
        Policy.Statement statement = only("{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":"
            + "\"arn:aws:kinesis:us-east-1:123456789012:stream/ord*\"}");
        assertTrue(statement.matches("kinesis:PutRecord", STREAM));
        assertTrue(statement.matches("kinesis:SubscribeToShard", STREAM + "/consumer/c:1700000000"));
        assertFalse(statement.matches("kinesis:PutRecord", STREAM.replace("orders", "Orders")));
        assertFalse(statement.matches("kinesis:ListStreams", "*"));
    }

    @Test
    void shouldNegateWithNotActionAndNotResource() {
        Policy.Statement statement = only("{\"Effect\":\"Deny\",\"NotAction\":\"kinesis:Describe*\",\"NotResource\":\"" + STREAM + "\"}");
        assertTrue(statement.matches("kinesis:PutRecord", STREAM + "2"));
        assertFalse(statement.matches("kinesis:DescribeStream", STREAM + "2"));
        assertFalse(statement.matches("kinesis:PutRecord", STREAM));
    }

    @Test
    void shouldNamePrincipalsByAccountRootOrArn() {
        Policy.Statement statement = Policy.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\","
            + "\"arn:aws:iam::444455556666:root\",\"arn:aws:iam::777788889999:user/bob\"]},\"Action\":\"kinesis:*\"}}", true)
            .statements().get(0);
        assertTrue(statement.names(new Caller("arn:aws:iam::111122223333:user/any", "111122223333", "AK")));
        assertTrue(statement.names(new Caller("arn:aws:iam::444455556666:role/r", "444455556666", "AK")));
        assertTrue(statement.names(new Caller("arn:aws:iam::777788889999:user/bob", "777788889999", "AK")));
        assertFalse(statement.names(new Caller("arn:aws:iam::777788889999:user/eve", "777788889999", "AK")));
    }

    @Test
    void shouldRefuseMalformedDocuments() {
        assertEquals("the policy must have a Statement", refused("{\"Version\":\"2012-10-17\"}"));
        assertEquals("the policy Version must be 2012-10-17 or 2008-10-17", refused("{\"Version\":\"2020-01-01\",\"Statement\":[]}"));
        assertEquals("invalid action kinesis", refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kinesis\",\"Resource\":\"*\"}}"));
        assertEquals("each Statement needs exactly one of Action and NotAction",
            refused("{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}"));
        assertEquals("an identity policy must not name a Principal",
            refused("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}}"));
        assertEquals("unknown statement element Actions",
            refused("{\"Statement\":{\"Effect\":\"Allow\",\"Actions\":\"kinesis:*\",\"Resource\":\"*\"}}"));
    }

    private static String refused(String document) {
        return assertThrows(IllegalArgumentException.class, () -> Policy.parse(document, false)).getMessage();
    }

    private static Policy.Statement only(String statement) {
        return Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}", false).statements().get(0);
    }
}
