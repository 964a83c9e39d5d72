package io.tributary.engine.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.error.KinesisException;
import io.tributary.engine.log.DataKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KMS stand-in: key look-up by every KeyId form, key policies, states, data keys, and what it stores. */
class KeyServiceTest {
    private static final String ACCOUNT = "123456789012";
    private static final String KEY = "0b8c5a1e-7d2f-4b3a-9c6d-e1f2a3b4c5d6";
    private static final String ARN = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/" + KEY;
    private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String MALLORY = "arn:aws:iam::" + ACCOUNT + ":user/mallory";

    @TempDir
    Path data;

    private KeyService open() throws IOException {
        KeyPolicy policy = new KeyPolicy(Map.of(KmsAction.GENERATE_DATA_KEY, List.of(ALICE), KmsAction.DECRYPT, List.of(ALICE)));
        return KeyService.open("eu-west-1", ACCOUNT, Optional.of(data),
            List.of(new KeysFile.Declared(KEY, List.of("alias/orders"), KeyState.ENABLED, policy)));
    }

    @Test
    void shouldFindAKeyByIdArnAliasAndAliasArn() throws IOException {
        KeyService keys = open();
        for (String form : List.of(KEY, ARN, "alias/orders", "arn:aws:kms:eu-west-1:" + ACCOUNT + ":alias/orders")) {
            assertEquals(ARN, keys.resolve(form).arn(), form);
        }
    }

    @Test
    void shouldMakeTheManagedKinesisKeyOnFirstUseAndKeepIt() throws IOException {
        KeyService keys = open();
        assertTrue(keys.resolveWouldCreate("alias/aws/kinesis"));
        KmsKey managed = keys.resolve("alias/aws/kinesis");
        assertTrue(managed.awsManaged());
        assertFalse(keys.resolveWouldCreate("alias/aws/kinesis"));
        assertEquals(managed, keys.resolve("arn:aws:kms:eu-west-1:" + ACCOUNT + ":alias/aws/kinesis"));
        assertEquals(managed.keyId(), open().resolve("alias/aws/kinesis").keyId(), "the managed key survives a restart");
        keys.setState("alias/aws/kinesis", KeyState.DISABLED);
        assertEquals(KeyState.DISABLED, open().resolve("alias/aws/kinesis").state(), "a key the keys file does not name keeps its state");
    }

    @Test
    void shouldAnswerKmsNotFoundForUnknownKeysAndMalformedKeyIds() throws IOException {
        KeyService keys = open();
        assertMessage(ErrorCode.KMS_NOT_FOUND, "Key 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000'"
            + " does not exist", () -> keys.resolve("00000000-0000-4000-8000-000000000000"));
        assertMessage(ErrorCode.KMS_NOT_FOUND, "Alias arn:aws:kms:eu-west-1:123456789012:alias/missing is not found.",
            () -> keys.resolve("alias/missing"));
        assertMessage(ErrorCode.KMS_NOT_FOUND, "Invalid keyId orders", () -> keys.resolve("orders"));
        assertMessage(ErrorCode.KMS_NOT_FOUND, "Invalid keyId arn:aws:s3:::bucket", () -> keys.resolve("arn:aws:s3:::bucket"));
    }

    @Test
    void shouldCheckTheKeyPolicyOnlyWhenThereIsAPrincipal() throws IOException {
        KeyService keys = open();
        assertDoesNotThrow(() -> keys.authorize(ARN, Optional.of(ALICE), KmsAction.DECRYPT));
        assertDoesNotThrow(() -> keys.authorize(ARN, Optional.empty(), KmsAction.DECRYPT), "authentication off: no policy applies");
        assertMessage(ErrorCode.KMS_ACCESS_DENIED, "User: " + MALLORY + " is not authorized to perform: kms:GenerateDataKey on"
            + " resource: " + ARN + " because no resource-based policy allows the kms:GenerateDataKey action",
            () -> keys.authorize(ARN, Optional.of(MALLORY), KmsAction.GENERATE_DATA_KEY));
    }

    @Test
    void shouldRefuseADisabledKeyForEveryUseUntilItIsEnabledAgain() throws IOException {
        KeyService keys = open();
        DataKeys.DataKey dataKey = keys.newDataKey(ARN);
        keys.setState("alias/orders", KeyState.DISABLED);
        assertMessage(ErrorCode.KMS_DISABLED, ARN + " is disabled.", () -> keys.authorize(ARN, Optional.empty(), KmsAction.DECRYPT));
        assertMessage(ErrorCode.KMS_DISABLED, ARN + " is disabled.", () -> keys.newDataKey(ARN));
        assertMessage(ErrorCode.KMS_DISABLED, ARN + " is disabled.", () -> keys.unwrap(dataKey.wrapped()));
        assertEquals(KeyState.ENABLED, open().resolve(KEY).state(), "at start the keys file wins over the stored state");
        keys.setState(KEY, KeyState.ENABLED);
        assertArrayEquals(dataKey.key().getEncoded(), keys.unwrap(dataKey.wrapped()).getEncoded());
    }

    @Test
    void shouldUnwrapDataKeysAfterARestartAndStoreNoKeyInClear() throws IOException {
        DataKeys.DataKey dataKey = open().newDataKey(ARN);
        KeyService reopened = open();
        assertArrayEquals(dataKey.key().getEncoded(), reopened.unwrap(dataKey.wrapped()).getEncoded());

        String store = Files.readString(data.resolve(KeyService.STORE_FILE));
        String material = new JsonObject(store).getJsonArray("keys").getJsonObject(0).getString("material");
        assertEquals(12 + 32 + 16, Base64.getDecoder().decode(material).length, "material is stored wrapped (nonce, sealed key, tag)");
        assertFalse(store.contains(Base64.getEncoder().encodeToString(dataKey.key().getEncoded())));
        assertFalse(new String(dataKey.wrapped(), StandardCharsets.ISO_8859_1).contains(
            new String(dataKey.key().getEncoded(), StandardCharsets.ISO_8859_1)));
        assertFalse(dataKey.toString().contains(Base64.getEncoder().encodeToString(dataKey.key().getEncoded())));
        for (Path file : List.of(data.resolve(KeyService.STORE_FILE), data.resolve(MasterKey.FILE_NAME))) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), file + " is its owner's only");
        }
        try (var left = Files.list(data)) {
            assertEquals(List.of(), left.filter(file -> file.toString().endsWith(".next")).toList(), "no file half written is left");
        }
    }

    @Test
    void shouldRefuseAWrappedKeyThatWasTamperedWith() throws IOException {
        KeyService keys = open();
        byte[] wrapped = keys.newDataKey(ARN).wrapped();
        wrapped[wrapped.length - 1] ^= 1;
        assertMessage(ErrorCode.INTERNAL_FAILURE, "A stored data key could not be unwrapped.", () -> keys.unwrap(wrapped));
    }

    private static void assertMessage(ErrorCode code, String message, Runnable call) {
        KinesisException thrown = assertThrows(KinesisException.class, call::run);
        assertEquals(code, thrown.code());
        assertEquals(message, thrown.getMessage());
    }
}
