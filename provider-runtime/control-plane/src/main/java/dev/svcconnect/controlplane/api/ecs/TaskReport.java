package dev.svcconnect.controlplane.api.ecs;

import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a host agent reports about a task (watch API {@code POST /watch/v1/tasks/{id}/state}).
 *
 * @param lastStatus one of the ECS task states, PROVISIONING to STOPPED
 * @param address where the task's inbound proxy listens and where other tasks reach it
 * @param appAddress where the application listens, behind the inbound proxy; default 127.0.0.1
 * @param ingressPorts the inbound port of a port mapping name, when not the default
 * @param healthStatus HEALTHY, UNHEALTHY or UNKNOWN, from the containers' health checks
 * @param stoppedReason why the task stopped
 * @param exitCode the essential container's exit code, once stopped
 * @param aliasPrefix for tasks that share one network (loopback isolation): the first two octets
 *     that replace {@code 127.255} in the task's client alias addresses, e.g. {@code 127.7}
 * @param adminAddress where the task's proxy serves its admin port, when not the default
 */
public record TaskReport(
        String lastStatus,
        String address,
        String appAddress,
        Map<String, Integer> ingressPorts,
        String healthStatus,
        String stoppedReason,
        Integer exitCode,
        String aliasPrefix,
        String adminAddress) {

    /** The task states a report may carry, in lifecycle order. */
    public static final List<String> STATES = List.of(
            "PROVISIONING",
            "PENDING",
            "ACTIVATING",
            "RUNNING",
            "DEACTIVATING",
            "STOPPING",
            "DEPROVISIONING",
            "STOPPED");

    private static final Pattern ALIAS_PREFIX = Pattern.compile("127\\.(25[0-4]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]?)");

    public TaskReport {
        if (lastStatus == null || !STATES.contains(lastStatus)) {
            throw new IllegalArgumentException(
                    "lastStatus: " + lastStatus + " (expected one of: " + String.join(", ", STATES) + ")");
        }
        if (healthStatus != null && !List.of("HEALTHY", "UNHEALTHY", "UNKNOWN").contains(healthStatus)) {
            throw new IllegalArgumentException(
                    "healthStatus: " + healthStatus + " (expected one of: HEALTHY, UNHEALTHY, UNKNOWN)");
        }
        ingressPorts = ingressPorts == null ? Map.of() : Map.copyOf(ingressPorts);
        if (aliasPrefix != null && !ALIAS_PREFIX.matcher(aliasPrefix).matches()) {
            throw new IllegalArgumentException("aliasPrefix: " + aliasPrefix + " (expected: 127.N with N 1-254)");
        }
        requireHost(address, "address");
        requireHost(appAddress, "appAddress");
        if (adminAddress != null) {
            ServiceConnectRules.requireHostPort(adminAddress, "adminAddress");
        }
    }

    /**
     * A host that makes an address with a port appended ({@code HOST:PORT}), as the task's proxy
     * configuration is built from it: a report accepted with {@code 10.0.0.5:9901} would make
     * every later configuration of the task fail.
     */
    private static void requireHost(String value, String field) {
        if (value == null) {
            return;
        }
        try {
            ServiceConnectRules.requireHostPort(value + ":1", field);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ": '" + value + "' (expected: a host name or an IP address, an IPv6 one in brackets)");
        }
    }
}
