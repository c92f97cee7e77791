package dev.svcconnect.controlplane.document;

/** How a deployment's rollout stands ({@code rolloutState}). */
public enum RolloutState {
    IN_PROGRESS,
    COMPLETED,
    FAILED
}
