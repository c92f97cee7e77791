package dev.svcconnect.controlplane.store;

import java.sql.SQLException;

/** The store could not read or write its database file; the API answers a server error. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** SQLite's result code for a full disk (or database). */
    private static final int SQLITE_FULL = 13;
    /** PostgreSQL's SQLSTATE for a full disk ({@code disk_full}). */
    private static final String POSTGRESQL_DISK_FULL = "53100";

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the store failed because its disk is full: nothing was written, and a retry once there is room may succeed. */
    public boolean diskFull() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException e
                    && ((e.getErrorCode() & 0xff) == SQLITE_FULL || POSTGRESQL_DISK_FULL.equals(e.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
