package dev.svcconnect.local.engine;

/**
 * A resource whose handler failed, with the handler's reason, and the physical id it answered
 * before failing (a resource that exists and must be rolled back), or null.
 */
final class ResourceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String physicalId;

    ResourceFailure(String reason, String physicalId, Throwable cause) {
        super(reason, cause);
        this.physicalId = physicalId;
    }

    String physicalId() {
        return physicalId;
    }
}
