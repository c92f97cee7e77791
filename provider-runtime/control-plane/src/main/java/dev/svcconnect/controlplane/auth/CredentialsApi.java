package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * svc-connect's own AWS JSON 1.1 API ({@value SigningNames#SVC_CONNECT_TARGET}, signing name
 * {@value SigningNames#SVC_CONNECT}): access keys and join tokens.
 *
 * <ul>
 *   <li>{@code CreateAccessKey {Role: admin|reader, Name}} -> {@code {AccessKeyId, SecretAccessKey}}
 *   <li>{@code ListAccessKeys} -> {@code {AccessKeys: [{AccessKeyId, Role, Name, Created, ...}]}}, no secrets
 *   <li>{@code DeleteAccessKey {AccessKeyId}}
 *   <li>{@code CreateJoinToken {Cluster, TtlSeconds}} -> {@code {JoinToken, Cluster, Expires}}
 * </ul>
 */
public final class CredentialsApi {

    /** The longest a join token may live: 30 days. */
    public static final long MAX_TTL_SECONDS = Duration.ofDays(30).toSeconds();
    /** A join token's life when none is asked for: 24 hours, as kubeadm's. */
    public static final long DEFAULT_TTL_SECONDS = Duration.ofHours(24).toSeconds();

    private static final String INVALID = "InvalidParameterException";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    private final Store store;
    private final Credentials credentials;

    public CredentialsApi(Store store, Credentials credentials) {
        this.store = requireNonNull(store, "store");
        this.credentials = requireNonNull(credentials, "credentials");
    }

    /** The operations, by name. */
    public AwsJsonApi api() {
        Map<String, Operation> operations = Map.of(
                "CreateAccessKey", this::createAccessKey,
                "ListAccessKeys", this::listAccessKeys,
                "DeleteAccessKey", this::deleteAccessKey,
                "CreateJoinToken", this::createJoinToken);
        return new AwsJsonApi(SigningNames.SVC_CONNECT_TARGET, INVALID, operations);
    }

    private ObjectNode createAccessKey(Params request) {
        String roleName = request.requiredString("Role");
        Role role;
        try {
            role = Role.of(roleName);
        } catch (IllegalArgumentException e) {
            throw request.invalid("Role", "'" + roleName + "' (expected: admin or reader)");
        }
        if (role != Role.ADMIN && role != Role.READER) {
            throw request.invalid(
                    "Role", "'" + roleName + "' (expected: admin or reader; agents get theirs with a join token)");
        }
        String name = request.requiredString("Name");
        if (!NAME.matcher(name).matches()) {
            throw request.invalid(
                    "Name",
                    "'" + name + "' (expected: 1-128 letters, digits and '._@-', starting with a letter or digit)");
        }
        AccessKey key = store.write(tx -> credentials.createUser(tx, role, name));
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("AccessKeyId", key.accessKeyId());
        response.put("SecretAccessKey", key.secretAccessKey());
        return response;
    }

    private ObjectNode listAccessKeys(Params request) {
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode keys = response.putArray("AccessKeys");
        for (Credentials.Stored stored : store.read(credentials::list)) {
            Identity identity = stored.identity();
            ObjectNode key = keys.addObject();
            key.put("AccessKeyId", identity.accessKeyId());
            key.put("Role", identity.role().wireName());
            key.put("Name", identity.name());
            key.put("Created", stored.created().toString());
            if (identity.hostId() != null) {
                key.put("HostId", identity.hostId());
                key.put("Cluster", identity.cluster());
            }
            if (identity.taskId() != null) {
                key.put("TaskId", identity.taskId());
            }
        }
        return response;
    }

    private ObjectNode deleteAccessKey(Params request) {
        String id = request.requiredString("AccessKeyId");
        if (!store.write(tx -> credentials.delete(tx, id))) {
            throw new ApiException("ResourceNotFoundException", "AccessKeyId: no access key '" + id + "'.");
        }
        return Json.mapper().createObjectNode();
    }

    private ObjectNode createJoinToken(Params request) {
        String cluster = request.requiredString("Cluster");
        if (!ServiceConnectRules.isClusterReference(cluster)) {
            throw request.invalid(
                    "Cluster",
                    "'" + cluster + "' (expected: 1-255 letters, digits, '-' and '_', or a cluster ARN of another"
                            + " region)");
        }
        long ttl = request.has("TtlSeconds") ? request.integer("TtlSeconds") : DEFAULT_TTL_SECONDS;
        if (ttl < 60 || ttl > MAX_TTL_SECONDS) {
            throw request.invalid("TtlSeconds", ttl + " (expected: 60-" + MAX_TTL_SECONDS + ")");
        }
        JoinToken token = store.write(tx -> credentials.createJoinToken(tx, cluster, Duration.ofSeconds(ttl)));
        ObjectNode response = Json.mapper().createObjectNode();
        response.put("JoinToken", token.token());
        response.put("Cluster", token.cluster());
        response.put("Expires", token.expires().toString());
        return response;
    }
}
