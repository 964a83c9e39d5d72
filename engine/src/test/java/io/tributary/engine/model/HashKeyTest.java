package io.tributary.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashKeyTest {
    private static final BigInteger TWO_TO_127 = BigInteger.ONE.shiftLeft(127);
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "partition-key-1", "user#42", "ünïcödé 🎉", "a partition key that is rather longer than most"})
    void shouldHashPartitionKeyToUnsignedMd5OfItsUtf8Bytes(String partitionKey) {
        BigInteger expected = md5(partitionKey);

        HashKey key = HashKey.ofPartitionKey(partitionKey);

        assertEquals(expected, key.toBigInteger());
        assertEquals(expected.toString(), key.toDecimalString());
    }

    @Test
    void shouldKeepHashesWithTheHighBitSetPositive() {
        List<String> highBitKeys = IntStream.range(0, 64).mapToObj(i -> "key-" + i)
            .filter(partitionKey -> md5(partitionKey).testBit(127))
            .toList();
        assertFalse(highBitKeys.isEmpty(), "some of 64 keys hash at or above 2^127");

        for (String partitionKey : highBitKeys) {
            assertEquals(md5(partitionKey), HashKey.ofPartitionKey(partitionKey).toBigInteger());
        }
    }

    @Test
    void shouldParseTheSmallestAndLargestHashKeys() {
        assertEquals(HashKey.MIN, HashKey.parse("0"));
        assertEquals(HashKey.MAX, HashKey.parse("340282366920938463463374607431768211455"));
        assertEquals(TWO_TO_128.subtract(BigInteger.ONE), HashKey.MAX.toBigInteger());
    }

    @Test
    void shouldCarryAcrossTheBoundaryBetweenTheTwoLongs() {
        assertEquals(new HashKey(0L, -1L), HashKey.parse("18446744073709551615"));
        assertEquals(new HashKey(1L, 0L), HashKey.parse("18446744073709551616"));
        assertEquals("18446744073709551616", new HashKey(1L, 0L).toDecimalString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"340282366920938463463374607431768211456", "-1", "-340282366920938463463374607431768211455"})
    void shouldRejectHashKeysOutsideZeroTo2Pow128Minus1(String decimal) {
        assertThrows(IllegalArgumentException.class, () -> HashKey.parse(decimal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12a", "1.5", " 1"})
    void shouldRejectTextThatIsNotADecimalNumber(String text) {
        assertThrows(IllegalArgumentException.class, () -> HashKey.parse(text));
    }

    @Test
    void shouldCompareHighBitKeysAboveAllOthers() {
        HashKey highBitSet = HashKey.of(TWO_TO_127);
        HashKey justBelow = HashKey.of(TWO_TO_127.subtract(BigInteger.ONE));

        assertTrue(highBitSet.compareTo(justBelow) > 0);
        assertTrue(justBelow.compareTo(highBitSet) < 0);
        assertTrue(HashKey.MAX.compareTo(HashKey.MIN) > 0);
    }

    @Test
    void shouldCompareTheLowLongUnsigned() {
        assertTrue(new HashKey(0L, -1L).compareTo(new HashKey(0L, Long.MAX_VALUE)) > 0);
        assertTrue(new HashKey(1L, 0L).compareTo(new HashKey(0L, -1L)) > 0);
    }

    @Test
    void shouldOrderPartitionKeyHashesAsTheirUnsignedValues() {
        List<HashKey> keys = IntStream.range(0, 200).mapToObj(i -> HashKey.ofPartitionKey("order-" + i)).toList();

        List<HashKey> byCompareTo = keys.stream().sorted().toList();
        List<HashKey> byValue = keys.stream().sorted(Comparator.comparing(HashKey::toBigInteger)).toList();

        assertEquals(byValue, byCompareTo);
    }

    /** The reference: MD5 of the UTF-8 bytes read as an unsigned big-endian number. */
    private static BigInteger md5(String partitionKey) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
