package dev.svcconnect.agent.artifact;

/**
 * A container's artifact cannot be had: its labels are malformed, it cannot be read, or its bytes
 * are not those the task definition names. The task stops before any container starts, with
 * {@link #getMessage()} as its reason: {@code CannotPullContainerError: ...}, the error type ECS
 * gives a task whose image it cannot pull.
 */
public final class ArtifactUnavailableException extends java.io.IOException {

    private static final long serialVersionUID = 1L;

    /** The type of error ECS gives a task whose image it cannot pull. */
    public static final String TYPE = "CannotPullContainerError";

    ArtifactUnavailableException(String detail, Throwable cause) {
        super(TYPE + ": " + detail, cause);
    }
}
