package io.tributary.engine.kms;

import io.tributary.engine.error.ErrorCode;
import io.tributary.engine.log.DataKeys;
import io.tributary.engine.log.durable.DurableFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tributary's stand-in for AWS KMS: keys with ids, ARNs, aliases, a state and a key policy, and the
 * data keys they make and unwrap for encryption at rest. Keys come from the {@code --keys-file};
 * the AWS-managed key {@value #KINESIS_ALIAS} is made the first time a request names it. Each key's
 * material is random, kept in memory for use and stored only wrapped by the {@link MasterKey}, in
 * {@value #STORE_FILE} beside it in the data directory (in memory mode, nowhere).
 *
 * <p>A wrapped data key, as stored beside the records it protects:
 *
 * <pre>
 *  0         1                 17            29                         29+32+16 = 77
 *  +---------+-----------------+-------------+--------------------------+
 *  | version | KMS key id      | nonce (12)  | AES-GCM(data key) ‖ tag  |   additional data: bytes 0..17
 *  | u8 = 1  | UUID, 16 bytes  |             | under the KMS key        |
 *  +---------+-----------------+-------------+--------------------------+
 * </pre>
 *
 * <p>Concurrency: thread-safe. The keys are an immutable map behind a volatile field, read without
 * locks; changes (state, first use of the managed key) are synchronized and written to the store
 * before they are published. Methods that may write the store say so: call them off the event loop.
 */
public final class KeyService implements DataKeys {
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);
    public static final String KINESIS_ALIAS = "alias/aws/kinesis";
    static final String STORE_FILE = "kms-keys.json";
    private static final byte BLOB_VERSION = 1;
    private static final int BLOB_HEADER_BYTES = 17;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;

    private final String region;
    private final String accountId;
    private final MasterKey master;
    private final Optional<Path> store;
    private final SecureRandom random;
    /** By key id; replaced whole on every change. */
    private volatile Map<String, Held> keys;

    /** A key and its material; the material never leaves this class. */
    private record Held(KmsKey key, SecretKey material) {
        @Override
        public String toString() {
            return key.toString();
        }
    }

    private KeyService(String region, String accountId, MasterKey master, Optional<Path> store, SecureRandom random,
                       Map<String, Held> keys) {
        this.region = region;
        this.accountId = accountId;
        this.master = master;
        this.store = store;
        this.random = random;
        this.keys = Map.copyOf(keys);
    }

    /**
     * Opens the key service: reads the stored keys from {@code dataDirectory} (none in memory mode,
     * when it is empty), applies what {@code declared} says of each key (the keys file wins over the
     * store for ids, aliases, state and policy), makes material for new keys, and stores the result.
     * Blocking.
     */
    public static KeyService open(String region, String accountId, Optional<Path> dataDirectory, List<KeysFile.Declared> declared)
        throws IOException {
        SecureRandom random = new SecureRandom();
        MasterKey master = dataDirectory.isPresent() ? MasterKey.inDirectory(dataDirectory.get(), random) : MasterKey.ephemeral(random);
        Optional<Path> store = dataDirectory.map(directory -> directory.resolve(STORE_FILE));
        String arnPrefix = "arn:aws:kms:" + region + ":" + accountId + ":key/";
        Map<String, Held> keys = new LinkedHashMap<>();
        if (store.isPresent() && Files.exists(store.get())) {
            for (Object item : new JsonObject(Files.readString(store.get())).getJsonArray("keys", new JsonArray())) {
                Held held = decode((JsonObject) item, master, arnPrefix);
                keys.put(held.key().keyId(), held);
            }
        }
        for (KeysFile.Declared key : declared) {
            Held before = keys.get(key.keyId());
            SecretKey material = before != null ? before.material() : newAesKey(random);
            keys.put(key.keyId(), new Held(new KmsKey(key.keyId(), arnPrefix + key.keyId(), key.state(), key.policy(), key.aliases(),
                false), material));
        }
        checkAliasesUnique(keys);
        KeyService service = new KeyService(region, accountId, master, store, random, keys);
        service.save(keys);
        LOG.info("Key service holds {} keys", keys.size());
        return service;
    }

    /** An empty key service in memory, for tests and tools. */
    public static KeyService inMemory(String region, String accountId) {
        try {
            return open(region, accountId, Optional.empty(), List.of());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    public String arnPrefix() {
        return "arn:aws:kms:" + region + ":" + accountId + ":";
    }

    /** Every key, in no particular order. */
    public List<KmsKey> keys() {
        return keys.values().stream().map(Held::key).toList();
    }

    /**
     * The key a {@code KeyId} names: a key id, a key ARN, an alias name ({@code alias/…}) or an alias
     * ARN. Naming {@value #KINESIS_ALIAS} the first time makes the AWS-managed key, and so writes the
     * store: blocking then.
     *
     * @throws io.tributary.engine.error.KinesisException KMSNotFoundException for an unknown key or
     *     alias, or a KeyId of none of those forms
     */
    public KmsKey resolve(String keyId) {
        String prefix = arnPrefix();
        if (keyId.startsWith("arn:")) {
            if (keyId.startsWith(prefix + "key/")) {
                return byId(keyId.substring(prefix.length() + "key/".length()), keyId);
            }
            if (keyId.startsWith(prefix + "alias/")) {
                return byAlias(keyId.substring(prefix.length()));
            }
            if (keyId.startsWith("arn:aws:kms:") && (keyId.contains(":key/") || keyId.contains(":alias/"))) {
                throw keyId.contains(":key/") ? KmsMessages.keyNotFound(keyId) : KmsMessages.aliasNotFound(keyId);
            }
            throw KmsMessages.invalidKeyId(keyId);
        }
        if (keyId.startsWith("alias/")) {
            return byAlias(keyId);
        }
        if (KeysFile.isUuid(keyId)) {
            return byId(keyId, prefix + "key/" + keyId);
        }
        throw KmsMessages.invalidKeyId(keyId);
    }

    /** Whether {@link #resolve} of this KeyId would write the store (the managed key's first use). */
    public boolean resolveWouldCreate(String keyId) {
        boolean managed = keyId.equals(KINESIS_ALIAS) || keyId.equals(arnPrefix() + KINESIS_ALIAS);
        return managed && aliasOwner(KINESIS_ALIAS).isEmpty();
    }

    /**
     * Checks that the key may be used now, by {@code principalArn} for {@code action}: it is enabled, and
     * its policy names the principal. An empty principal (authentication off) skips the policy.
     *
     * @throws io.tributary.engine.error.KinesisException KMSDisabledException, KMSInvalidStateException
     *     or KMSAccessDeniedException
     */
    public void authorize(String keyArn, Optional<String> principalArn, KmsAction action) {
        KmsKey key = byArn(keyArn);
        checkState(key);
        if (principalArn.isPresent() && !key.policy().allows(principalArn.get(), action)) {
            throw KmsMessages.accessDenied(principalArn.get(), action, key.arn());
        }
    }

    /** Sets a key's state (enables or disables it) and stores it. Blocking. */
    public synchronized KmsKey setState(String keyId, KeyState state) {
        KmsKey key = resolve(keyId);
        Map<String, Held> next = new LinkedHashMap<>(keys);
        Held held = next.get(key.keyId());
        KmsKey changed = key.withState(state);
        next.put(key.keyId(), new Held(changed, held.material()));
        saveOrFail(next);
        keys = Map.copyOf(next);
        LOG.info("Key {} is now {}", key.arn(), state.kmsName());
        return changed;
    }

    @Override
    public DataKey newDataKey(String kmsKeyArn) {
        Held held = keys.get(keyIdOfArn(kmsKeyArn));
        if (held == null) {
            throw KmsMessages.keyNotFound(kmsKeyArn);
        }
        checkState(held.key());
        SecretKey dataKey = newAesKey(random);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            ByteBuffer blob = ByteBuffer.allocate(BLOB_HEADER_BYTES + NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8);
            UUID id = UUID.fromString(held.key().keyId());
            blob.put(BLOB_VERSION).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).put(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, held.material(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(blob.array(), 0, BLOB_HEADER_BYTES);
            cipher.doFinal(ByteBuffer.wrap(dataKey.getEncoded()), blob);
            return new DataKey(dataKey, blob.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public SecretKey unwrap(byte[] wrapped) {
        if (wrapped.length != BLOB_HEADER_BYTES + NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8 || wrapped[0] != BLOB_VERSION) {
            throw ErrorCode.INTERNAL_FAILURE.exception("A stored data key is not one this key service made.");
        }
        ByteBuffer blob = ByteBuffer.wrap(wrapped);
        String keyId = new UUID(blob.getLong(1), blob.getLong(9)).toString();
        Held held = keys.get(keyId);
        if (held == null) {
            throw KmsMessages.keyNotFound(arnPrefix() + "key/" + keyId);
        }
        checkState(held.key());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, held.material(), new GCMParameterSpec(TAG_BITS, wrapped, BLOB_HEADER_BYTES, NONCE_BYTES));
            cipher.updateAAD(wrapped, 0, BLOB_HEADER_BYTES);
            int sealed = BLOB_HEADER_BYTES + NONCE_BYTES;
            return new SecretKeySpec(cipher.doFinal(wrapped, sealed, wrapped.length - sealed), "AES");
        } catch (GeneralSecurityException e) {
            throw ErrorCode.INTERNAL_FAILURE.exception("A stored data key could not be unwrapped.");
        }
    }

    @Override
    public String toString() {
        return "KeyService[" + keys.size() + " keys]";
    }

    private KmsKey byId(String id, String arn) {
        Held held = keys.get(id);
        if (held == null) {
            throw KmsMessages.keyNotFound(arn);
        }
        return held.key();
    }

    private KmsKey byArn(String keyArn) {
        return byId(keyIdOfArn(keyArn), keyArn);
    }

    private String keyIdOfArn(String keyArn) {
        String prefix = arnPrefix() + "key/";
        return keyArn.startsWith(prefix) ? keyArn.substring(prefix.length()) : keyArn;
    }

    private KmsKey byAlias(String alias) {
        Optional<KmsKey> owner = aliasOwner(alias);
        if (owner.isPresent()) {
            return owner.get();
        }
        if (alias.equals(KINESIS_ALIAS)) {
            return createManagedKey();
        }
        throw KmsMessages.aliasNotFound(arnPrefix() + alias);
    }

    private Optional<KmsKey> aliasOwner(String alias) {
        return keys.values().stream().map(Held::key).filter(key -> key.aliases().contains(alias)).findFirst();
    }

    private synchronized KmsKey createManagedKey() {
        Optional<KmsKey> raced = aliasOwner(KINESIS_ALIAS);
        if (raced.isPresent()) {
            return raced.get();
        }
        // the same id wherever the account and region are the same: in cluster mode each node makes its
        // own managed key (its own material, for its own shard logs), and a stream's key ARN, which the
        // catalog holds, must name a key on every node
        String keyId = UUID.nameUUIDFromBytes(("tributary aws/kinesis " + region + " " + accountId)
            .getBytes(StandardCharsets.UTF_8)).toString();
        KmsKey key = new KmsKey(keyId, arnPrefix() + "key/" + keyId, KeyState.ENABLED, KeyPolicy.accountRoot(accountId),
            List.of(KINESIS_ALIAS), true);
        Map<String, Held> next = new LinkedHashMap<>(keys);
        next.put(keyId, new Held(key, newAesKey(random)));
        saveOrFail(next);
        keys = Map.copyOf(next);
        LOG.info("Made the AWS-managed key {} ({})", KINESIS_ALIAS, key.arn());
        return key;
    }

    private static void checkState(KmsKey key) {
        switch (key.state()) {
            case ENABLED -> { }
            case DISABLED -> throw KmsMessages.disabled(key.arn());
            case PENDING_DELETION -> throw KmsMessages.pendingDeletion(key.arn());
        }
    }

    private void saveOrFail(Map<String, Held> next) {
        try {
            save(next);
        } catch (IOException e) {
            LOG.error("Storing the keys failed; the change was not made: {}", e.toString());
            throw ErrorCode.INTERNAL_FAILURE.exception(null);
        }
    }

    private void save(Map<String, Held> next) throws IOException {
        if (store.isEmpty()) {
            return;
        }
        JsonArray stored = new JsonArray();
        for (Held held : next.values()) {
            KmsKey key = held.key();
            stored.add(new JsonObject()
                .put("keyId", key.keyId())
                .put("state", key.state().kmsName())
                .put("aliases", new JsonArray(new ArrayList<>(key.aliases())))
                .put("awsManaged", key.awsManaged())
                .put("policy", KeysFile.policyJson(key.policy()))
                .put("material", Base64.getEncoder().encodeToString(master.wrap(key.keyId(), held.material().getEncoded()))));
        }
        Path file = store.get();
        DurableFiles.replacePrivate(file,
            new JsonObject().put("version", 1).put("keys", stored).encodePrettily().getBytes(StandardCharsets.UTF_8));
    }

    private static Held decode(JsonObject json, MasterKey master, String keyArnPrefix) throws IOException {
        String keyId = json.getString("keyId");
        List<String> aliases = json.getJsonArray("aliases", new JsonArray()).stream().map(String::valueOf).toList();
        byte[] material;
        try {
            material = master.unwrap(keyId, Base64.getDecoder().decode(json.getString("material")));
        } catch (GeneralSecurityException e) {
            throw new IOException("the material of key " + keyId + " does not open with this data directory's master key");
        }
        String arn = keyArnPrefix + keyId;
        return new Held(new KmsKey(keyId, arn, KeyState.ofKmsName(json.getString("state")), KeysFile.policy(json.getJsonObject("policy")),
            aliases, json.getBoolean("awsManaged", false)), new SecretKeySpec(material, "AES"));
    }

    private static void checkAliasesUnique(Map<String, Held> keys) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Held held : keys.values()) {
            for (String alias : held.key().aliases()) {
                String other = owners.putIfAbsent(alias, held.key().keyId());
                if (other != null) {
                    throw new IllegalArgumentException("alias " + alias + " names two keys: " + other + " and " + held.key().keyId());
                }
            }
        }
    }

    private static SecretKey newAesKey(SecureRandom random) {
        byte[] material = new byte[DATA_KEY_BYTES];
        random.nextBytes(material);
        return new SecretKeySpec(material, "AES");
    }
}
