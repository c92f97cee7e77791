package dev.svcconnect.model.watch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a host agent reports about a task ({@code POST /watch/v1/tasks/{taskId}/state}); fields a
 * report leaves out keep what an earlier report said.
 *
 * <pre>{@code
 * {"lastStatus": "PENDING", "address": "10.0.0.5", "appAddress": "127.0.0.1", "ingressPorts": {"web": 15000}}
 * {"lastStatus": "STOPPED", "stoppedReason": "Essential container in task exited", "exitCode": 1}
 * }</pre>
 *
 * @param lastStatus one of the ECS task states, PROVISIONING to STOPPED; required
 * @param address where the task's inbound proxy listens and where other tasks reach it
 * @param appAddress where the application listens, behind the inbound proxy; default 127.0.0.1
 * @param ingressPorts the inbound port of a port mapping name, when not the default
 * @param healthStatus HEALTHY, UNHEALTHY or UNKNOWN, from the containers' health checks
 * @param stoppedReason why the task stopped
 * @param exitCode the essential container's exit code (0-255), once stopped
 * @param aliasPrefix for tasks that share one network (loopback isolation): the first two octets
 *     that replace {@code 127.255} in the task's client alias addresses, e.g. {@code 127.7}
 * @param adminAddress where the task's proxy serves its admin port, when not the default
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
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
    /** The health states a report may carry. */
    public static final List<String> HEALTH_STATES = List.of("HEALTHY", "UNHEALTHY", "UNKNOWN");

    private static final Pattern ALIAS_PREFIX = Pattern.compile("127\\.(25[0-4]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]?)");

    public TaskReport {
        ingressPorts = ingressPorts == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(ingressPorts));
    }

    /** A report of a state alone, e.g. {@code DEACTIVATING}. */
    public static TaskReport of(String lastStatus) {
        return new TaskReport(lastStatus, null, null, null, null, null, null, null, null);
    }

    /** {@code RUNNING} and {@code HEALTHY}. */
    public static TaskReport runningHealthy() {
        return new TaskReport("RUNNING", null, null, null, "HEALTHY", null, null, null, null);
    }

    /** {@code STOPPED}, with why (or null when the control plane asked) and the exit code if any. */
    public static TaskReport stopped(String stoppedReason, Integer exitCode) {
        return new TaskReport("STOPPED", null, null, null, null, stoppedReason, exitCode, null, null);
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code ingressPorts.web: 70000 (expected: 1-65535)}
     */
    public TaskReport validate() {
        ServiceConnectRules.requireNonEmpty(lastStatus, "lastStatus");
        if (!STATES.contains(lastStatus)) {
            throw new IllegalArgumentException(
                    "lastStatus: " + lastStatus + " (expected one of: " + String.join(", ", STATES) + ")");
        }
        if (healthStatus != null && !HEALTH_STATES.contains(healthStatus)) {
            throw new IllegalArgumentException(
                    "healthStatus: " + healthStatus + " (expected one of: " + String.join(", ", HEALTH_STATES) + ")");
        }
        ingressPorts.forEach((name, port) -> {
            if (port == null) {
                throw new IllegalArgumentException("ingressPorts." + name + ": null (expected: 1-65535)");
            }
            ServiceConnectRules.requirePort(port, "ingressPorts." + name);
        });
        if (exitCode != null && (exitCode < 0 || exitCode > 255)) {
            throw new IllegalArgumentException("exitCode: " + exitCode + " (expected: 0-255)");
        }
        if (aliasPrefix != null && !ALIAS_PREFIX.matcher(aliasPrefix).matches()) {
            throw new IllegalArgumentException("aliasPrefix: " + aliasPrefix + " (expected: 127.N with N 1-254)");
        }
        // Proxy configurations append ports to these: "10.0.0.5:9901" would break every later one.
        if (address != null) {
            ServiceConnectRules.requireHost(address, "address");
        }
        if (appAddress != null) {
            ServiceConnectRules.requireHost(appAddress, "appAddress");
        }
        if (adminAddress != null) {
            ServiceConnectRules.requireHostPort(adminAddress, "adminAddress");
        }
        return this;
    }
}
