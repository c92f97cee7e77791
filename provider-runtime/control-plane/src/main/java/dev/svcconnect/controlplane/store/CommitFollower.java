package dev.svcconnect.controlplane.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the commits of the other replicas of a PostgreSQL store: {@code LISTEN svc_connect_commit}
 * on a connection of its own, each notification carrying the revision, plus a read of the revision
 * every {@link #CHECK} that catches a notification missed while the connection was down. Each
 * revision it learns goes to {@code advance}, which ignores revisions already known.
 */
final class CommitFollower implements AutoCloseable {

    /** How often the revision is read whether or not a notification came. */
    static final Duration CHECK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger("control-plane");
    private static final long RECONNECT_MILLIS = 500;

    private final StoreLocation location;
    private final LongConsumer advance;
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;

    CommitFollower(StoreLocation location, LongConsumer advance) {
        this.location = location;
        this.advance = advance;
        this.thread = new Thread(this::run, "svc-connect-commits");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        boolean failing = false;
        while (!closed) {
            try {
                if (connection == null) {
                    connection = listen();
                }
                PGNotification[] notifications =
                        connection.unwrap(PGConnection.class).getNotifications((int) CHECK.toMillis());
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        advance.accept(Long.parseLong(notification.getParameter()));
                    }
                }
                advance.accept(PostgresStore.readRevision(connection));
                if (failing) {
                    failing = false;
                    LOG.info("following the store's commits again");
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("cannot follow the store's commits (retrying): {}", e.getMessage());
                }
                closeConnection();
                sleep();
            }
        }
    }

    private Connection listen() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", location.user());
        if (location.password() != null) {
            properties.setProperty("password", location.password());
        }
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        Connection listening = DriverManager.getConnection(location.jdbcUrl(), properties);
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + PostgresStore.CHANNEL);
        }
        return listening;
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // It broke already; nothing more to release.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
