package dev.svcconnect.controlplane.document;

/**
 * The health of a Cloud Map instance, as {@code GetInstancesHealthStatus} and discovery answer it:
 * UNKNOWN for an instance of a service without a health check.
 */
public enum InstanceHealth {
    HEALTHY,
    UNHEALTHY,
    UNKNOWN
}
