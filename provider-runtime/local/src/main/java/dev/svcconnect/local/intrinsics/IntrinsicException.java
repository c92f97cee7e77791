package dev.svcconnect.local.intrinsics;

/** A template value that cannot be resolved, with a message that names the function and why. */
public final class IntrinsicException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IntrinsicException(String message) {
        super(message);
    }
}
