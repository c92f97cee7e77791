package dev.svcconnect.controlplane.auth;

import static java.util.Objects.requireNonNull;

/**
 * Who made a request: an access key's id, its role and name, and the scope an {@link Role#AGENT}
 * (one host of one cluster) or a {@link Role#PROXY} (one task) is bound to.
 *
 * @param accessKeyId the key id, e.g. {@code SVCCK3M2Q7RZ5X8N4PAB}
 * @param role what it may do
 * @param name a label chosen at creation (for an agent: its host id; for a proxy: its task id)
 * @param hostId the host an agent acts for, else null
 * @param cluster the cluster an agent's host belongs to, else null
 * @param taskId the task a proxy acts for, else null
 */
public record Identity(String accessKeyId, Role role, String name, String hostId, String cluster, String taskId) {

    public Identity {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(role, "role");
        requireNonNull(name, "name");
        if (role == Role.AGENT && (hostId == null || cluster == null)) {
            throw new IllegalArgumentException("an agent identity needs its hostId and cluster");
        }
        if (role == Role.PROXY && taskId == null) {
            throw new IllegalArgumentException("a proxy identity needs its taskId");
        }
    }

    /** An admin or reader identity. */
    public static Identity user(String accessKeyId, Role role, String name) {
        return new Identity(accessKeyId, role, name, null, null, null);
    }

    /** How messages name it, e.g. {@code reader 'ci' (SVCC...)} or {@code agent of host 3f2a... (SVCC...)}. */
    public String describe() {
        return switch (role) {
            case AGENT -> "agent of host " + hostId + " (" + accessKeyId + ")";
            case PROXY -> "proxy of task " + taskId + " (" + accessKeyId + ")";
            default -> role.wireName() + " '" + name + "' (" + accessKeyId + ")";
        };
    }
}
