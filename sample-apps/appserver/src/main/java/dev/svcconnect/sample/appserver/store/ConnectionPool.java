package dev.svcconnect.sample.appserver.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reuses JDBC connections to one database. A connection that saw an error is closed rather than
 * reused, so a restarted db costs one failed call per pooled connection at most.
 */
public final class ConnectionPool implements AutoCloseable {

    /** Work done with a connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Uses the connection; must not close it. */
        T apply(Connection connection) throws SQLException;
    }

    private final String url;
    private final Properties credentials;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    /** A pool keeping at most {@code maxIdle} connections open between uses. */
    public ConnectionPool(String url, String user, String password, int maxIdle) {
        this.url = requireNonNull(url, "url");
        this.credentials = new Properties();
        credentials.setProperty("user", requireNonNull(user, "user"));
        credentials.setProperty("password", requireNonNull(password, "password"));
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    /** The database URL. */
    public String url() {
        return url;
    }

    /** Runs {@code work} with a pooled (or new) connection. */
    public <T> T withConnection(Work<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("connection pool is closed", "08003");
        }
        Connection connection = idle.poll();
        if (connection == null) {
            connection = DriverManager.getConnection(url, credentials);
        }
        boolean reusable = false;
        try {
            T result = work.apply(connection);
            reusable = true;
            return result;
        } finally {
            if (!reusable || closed || !idle.offer(connection)) {
                closeQuietly(connection);
            }
        }
    }

    /** Closes every idle connection; connections in use close when their work ends. */
    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The connection is being discarded; a failure to close it changes nothing.
        }
    }
}
