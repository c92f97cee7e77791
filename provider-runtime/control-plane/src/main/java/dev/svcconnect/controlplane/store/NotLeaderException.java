package dev.svcconnect.controlplane.store;

/**
 * A {@link Store#writeAsLeader} on a replica that does not hold the scheduler lease: nothing was
 * written; the replica that leads makes that decision instead.
 */
public final class NotLeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotLeaderException(String message) {
        super(message);
    }
}
