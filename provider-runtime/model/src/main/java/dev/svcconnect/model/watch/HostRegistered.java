package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.svcconnect.model.validation.ServiceConnectRules;

/**
 * The control plane's answer to a {@link HostRegistration}.
 *
 * @param hostId the host's id in the watch API's paths ({@code /watch/v1/hosts/{hostId}/...})
 * @param containerInstanceArn the host as an ECS container instance
 * @param heartbeatIntervalSeconds how often the host sends {@code POST /watch/v1/hosts/{hostId}/heartbeat}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostRegistered(String hostId, String containerInstanceArn, long heartbeatIntervalSeconds) {

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
