package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.validation.ServiceConnectRules;

/**
 * The control plane's answer to a {@link HostRegistration}.
 *
 * @param hostId the host's id in the watch API's paths ({@code /watch/v1/hosts/{hostId}/...})
 * @param containerInstanceArn the host as an ECS container instance
 * @param heartbeatIntervalSeconds how often the host sends {@code POST /watch/v1/hosts/{hostId}/heartbeat}
 * @param accessKeyId the host's new agent key, when the registration was made with a join token
 *     (or an admin key), else null: the agent keeps it and sends {@code Authorization: Bearer
 *     ACCESS_KEY_ID:SECRET} from then on
 * @param secretAccessKey the secret of that key, else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostRegistered(
        String hostId,
        String containerInstanceArn,
        long heartbeatIntervalSeconds,
        String accessKeyId,
        String secretAccessKey) {

    /** An answer without a new key. */
    public HostRegistered(String hostId, String containerInstanceArn, long heartbeatIntervalSeconds) {
        this(hostId, containerInstanceArn, heartbeatIntervalSeconds, null, null);
    }

    /** This answer with the host's new agent key. */
    public HostRegistered withKey(String accessKeyId, String secretAccessKey) {
        return new HostRegistered(hostId, containerInstanceArn, heartbeatIntervalSeconds, accessKeyId, secretAccessKey);
    }

    @Override
    public String toString() {
        return "HostRegistered[" + hostId + ", " + containerInstanceArn + ", key " + accessKeyId + "]";
    }

    /**
     * Checks what an agent relies on.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code hostId: is required}
     */
    public HostRegistered validate() {
        ServiceConnectRules.requireNonEmpty(hostId, "hostId");
        ServiceConnectRules.requireNonEmpty(containerInstanceArn, "containerInstanceArn");
        if (heartbeatIntervalSeconds < 1) {
            throw new IllegalArgumentException(
                    "heartbeatIntervalSeconds: " + heartbeatIntervalSeconds + " (expected: 1 or more)");
        }
        return this;
    }
}
