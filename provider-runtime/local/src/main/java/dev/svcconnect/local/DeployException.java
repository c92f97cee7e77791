package dev.svcconnect.local;

/** A deployment that cannot go on, with a message that names what is wrong and where. */
public final class DeployException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
