package dev.svcconnect.controlplane.api;

import static java.util.Objects.requireNonNull;

/**
 * An error answer of the AWS JSON protocol: {@code {"__type": type, "message": message}} with an
 * HTTP status (400 for client errors, as ECS and Cloud Map answer).
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    public ApiException(String type, String message) {
        this(type, 400, message);
    }

    public ApiException(String type, int status, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.type = requireNonNull(type, "type");
        this.status = status;
    }

    /** The error code, e.g. {@code ClusterNotFoundException}. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
