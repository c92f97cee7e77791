package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.crypto.DataKey;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The access keys and join tokens in the store. A key's secret is sealed by the {@link DataKey}
 * for the context {@code credential:ACCESS_KEY_ID} (SigV4 verification recomputes the signature,
 * so the secret must be readable, not only a hash); a join token's for {@code join-token:ID}.
 * Every method works inside the caller's transaction, so that a host's registration and its new
 * credential commit together.
 */
public final class Credentials {

    /** The first characters of every access key id. */
    public static final String KEY_PREFIX = "SVCC";

    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataKey key;
    private final Clock clock;

    public Credentials(DataKey key, Clock clock) {
        this.key = requireNonNull(key, "key");
        this.clock = requireNonNull(clock, "clock");
    }

    /** A stored key: who it is and its secret. */
    public record Stored(Identity identity, String secretAccessKey, Instant created) {}

    /** Creates an admin or reader key. */
    public AccessKey createUser(Transaction tx, Role role, String name) {
        if (role != Role.ADMIN && role != Role.READER) {
            throw new IllegalArgumentException("Role: '" + role.wireName() + "' (expected: admin or reader)");
        }
        return create(tx, id -> Identity.user(id, role, name));
    }

    /** Creates the key of the agent of host {@code hostId} in {@code cluster}, replacing any earlier one. */
    public AccessKey createAgent(Transaction tx, String hostId, String cluster) {
        agentOf(tx, hostId).ifPresent(old -> tx.delete(Table.CREDENTIALS, old.accessKeyId()));
        return create(tx, id -> new Identity(id, Role.AGENT, hostId, hostId, cluster, null));
    }

    /** Creates the key of the sidecar of task {@code taskId}, replacing any earlier one. */
    public AccessKey createProxy(Transaction tx, String taskId) {
        deleteOfTask(tx, taskId);
        return create(tx, id -> new Identity(id, Role.PROXY, taskId, null, null, taskId));
    }

    private AccessKey create(Transaction tx, java.util.function.Function<String, Identity> identityOf) {
        String id = KEY_PREFIX + random(KEY_ALPHABET, 16);
        Identity identity = identityOf.apply(id);
        String secret = random(SECRET_ALPHABET, 40);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("AccessKeyId", id);
        body.put("Role", identity.role().wireName());
        body.put("Name", identity.name());
        if (identity.hostId() != null) {
            body.put("HostId", identity.hostId());
            body.put("Cluster", identity.cluster());
        }
        if (identity.taskId() != null) {
            body.put("TaskId", identity.taskId());
        }
        body.put("Created", clock.instant().toString());
        body.put("SealedSecret", key.seal(secret, context(id)));
        tx.put(Table.CREDENTIALS, id, identity.role().wireName(), ref(identity), body);
        return new AccessKey(identity, secret);
    }

    /** The key with this id, its secret opened. */
    public Optional<Stored> find(Transaction tx, String accessKeyId) {
        return tx.get(Table.CREDENTIALS, accessKeyId).map(this::stored);
    }

    /** Every key, without secrets, by id. */
    public List<Stored> list(Transaction tx) {
        List<Stored> keys = new ArrayList<>();
        for (ObjectNode row : tx.listAll(Table.CREDENTIALS)) {
            keys.add(new Stored(
                    identity(row), null, Instant.parse(row.get("Created").asText())));
        }
        return keys;
    }

    /** Deletes a key; answers whether it existed. */
    public boolean delete(Transaction tx, String accessKeyId) {
        if (tx.get(Table.CREDENTIALS, accessKeyId).isEmpty()) {
            return false;
        }
        tx.delete(Table.CREDENTIALS, accessKeyId);
        return true;
    }

    /** The identity of the agent of host {@code hostId}, if it has one. */
    public Optional<Identity> agentOf(Transaction tx, String hostId) {
        return tx.listByRef(Table.CREDENTIALS, hostId).stream()
                .map(Credentials::identity)
                .filter(identity -> identity.role() == Role.AGENT)
                .findFirst();
    }

    /** Deletes the proxy keys of a task (its sidecar stopped). */
    public void deleteOfTask(Transaction tx, String taskId) {
        for (ObjectNode row : tx.listByRef(Table.CREDENTIALS, taskId)) {
            Identity identity = identity(row);
            if (identity.role() == Role.PROXY) {
                tx.delete(Table.CREDENTIALS, identity.accessKeyId());
            }
        }
    }

    /**
     * Creates a join token for {@code cluster}, valid for {@code ttl}: {@code ID.SECRET}. A token may
     * be used by any number of agents until it expires, as kubeadm's tokens: a fleet of hosts
     * provisioned from one image shares it.
     */
    public JoinToken createJoinToken(Transaction tx, String cluster, Duration ttl) {
        String id = random(TOKEN_ALPHABET, 8);
        String secret = random(TOKEN_ALPHABET, 32);
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("TokenId", id);
        body.put("Cluster", cluster);
        body.put("Created", now.toString());
        body.put("Expires", expires.toString());
        body.put("SealedSecret", key.seal(secret, "join-token:" + id));
        tx.put(Table.JOIN_TOKENS, id, cluster, null, body);
        return new JoinToken(id + "." + secret, cluster, expires);
    }

    /** The cluster of a join token that exists, has not expired and whose secret matches; else empty. */
    public Optional<String> redeemJoinToken(Transaction tx, String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String id = token.substring(0, dot);
        Optional<ObjectNode> row = tx.get(Table.JOIN_TOKENS, id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = row.get();
        String secret = key.open(body.get("SealedSecret").asText(), "join-token:" + id);
        boolean matches = java.security.MessageDigest.isEqual(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.substring(dot + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean live =
                clock.instant().isBefore(Instant.parse(body.get("Expires").asText()));
        return matches && live ? Optional.of(body.get("Cluster").asText()) : Optional.empty();
    }

    private Stored stored(ObjectNode row) {
        Identity identity = identity(row);
        String secret = key.open(row.get("SealedSecret").asText(), context(identity.accessKeyId()));
        return new Stored(identity, secret, Instant.parse(row.get("Created").asText()));
    }

    private static Identity identity(ObjectNode row) {
        return new Identity(
                row.get("AccessKeyId").asText(),
                Role.of(row.get("Role").asText()),
                row.get("Name").asText(),
                text(row, "HostId"),
                text(row, "Cluster"),
                text(row, "TaskId"));
    }

    private static String text(ObjectNode row, String field) {
        return row.hasNonNull(field) ? row.get(field).asText() : null;
    }

    private static String ref(Identity identity) {
        return identity.hostId() != null ? identity.hostId() : identity.taskId();
    }

    private static String context(String accessKeyId) {
        return "credential:" + accessKeyId;
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
