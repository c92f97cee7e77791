package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A host agent's registration ({@code POST /watch/v1/hosts}), answered with a {@link HostRegistered}.
 *
 * <pre>{@code
 * {"cluster": "svc-cluster-2", "launchType": "EC2", "cpu": 2048, "memory": 4096, "address": "10.0.0.5"}
 * }</pre>
 *
 * @param cluster the cluster the host joins; required
 * @param hostId the id of an earlier registration, to register again; 17-64 of {@code 0-9a-f}, or null
 * @param launchType {@code EC2} (default) or {@code FARGATE}: the host takes only tasks of its launch type
 * @param cpu the CPU units the host offers; default {@value #DEFAULT_CPU}
 * @param memory the memory the host offers, in MiB; default {@value #DEFAULT_MEMORY}
 * @param address the host's address, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostRegistration(
        String cluster, String hostId, String launchType, Integer cpu, Integer memory, String address) {

    public static final int DEFAULT_CPU = 2048;
    public static final int DEFAULT_MEMORY = 4096;
    /** The launch types a host may have. */
    public static final List<String> LAUNCH_TYPES = List.of("EC2", "FARGATE");

    private static final Pattern HOST_ID = Pattern.compile("[0-9a-f]{17,64}");

    public HostRegistration {
        launchType = launchType == null ? "EC2" : launchType;
        cpu = cpu == null ? DEFAULT_CPU : cpu;
        memory = memory == null ? DEFAULT_MEMORY : memory;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code cpu: 0 (expected: 1 or more)}
     */
    public HostRegistration validate() {
        ServiceConnectRules.requireNonEmpty(cluster, "cluster");
        if (hostId != null && !HOST_ID.matcher(hostId).matches()) {
            throw new IllegalArgumentException(
                    "hostId: '" + hostId + "' (expected: 17-64 of 0-9 and a-f, as answered by a registration)");
        }
        if (!LAUNCH_TYPES.contains(launchType)) {
            throw new IllegalArgumentException(
                    "launchType: '" + launchType + "' (expected one of: " + String.join(", ", LAUNCH_TYPES) + ")");
        }
        if (cpu < 1) {
            throw new IllegalArgumentException("cpu: " + cpu + " (expected: 1 or more)");
        }
        if (memory < 1) {
            throw new IllegalArgumentException("memory: " + memory + " (expected: 1 or more)");
        }
        return this;
    }
}
