package dev.svcconnect.provider;

/**
 * A failure of a custom resource event, with a message a person can act on; the provider
 * framework reports it to CloudFormation (or the local engine) as the reason of the failure.
 */
public final class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public ProviderException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
