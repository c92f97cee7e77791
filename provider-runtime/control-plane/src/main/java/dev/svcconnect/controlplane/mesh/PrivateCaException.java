package dev.svcconnect.controlplane.mesh;

/**
 * AWS Private CA could not provide what a service's certificates need; names the CA's ARN and
 * the AWS error. A certificate request that meets it fails (and the sidecar asks again): it is
 * never answered by the mesh CA instead.
 */
public final class PrivateCaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PrivateCaException(String message, Throwable cause) {
        super(message, cause);
    }
}
