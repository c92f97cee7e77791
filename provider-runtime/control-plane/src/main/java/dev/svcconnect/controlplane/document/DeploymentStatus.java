package dev.svcconnect.controlplane.document;

/** The status of a service's deployment: the PRIMARY one is the one the service converges to. */
public enum DeploymentStatus {
    PRIMARY,
    ACTIVE,
    INACTIVE
}
