package dev.svcconnect.controlplane.store;

/** The store could not read or write its database file; the API answers a server error. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
