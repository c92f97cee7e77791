package dev.svcconnect.controlplane.document;

/** The status of an ECS service: DRAINING after DeleteService, INACTIVE once its tasks stopped. */
public enum ServiceStatus {
    ACTIVE,
    DRAINING,
    INACTIVE
}
