package dev.svcconnect.controlplane.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A {@link Store} in a PostgreSQL database that several control plane replicas share.
 *
 * <p>A write is one transaction that starts by taking the revision row ({@code UPDATE meta ...
 * RETURNING}): writes of all replicas take turns on that row lock, as SQLite's single writer does,
 * so each one reads what the previous one committed and none is lost; it commits with PostgreSQL's
 * default {@code synchronous_commit}, so it is durable when {@link #write} returns, and its commit
 * sends {@code NOTIFY svc_connect_commit} with the revision, which {@link CommitFollower} turns
 * into commit listener calls on every replica. A read is a {@code REPEATABLE READ READ ONLY}
 * transaction on a pooled connection: one snapshot, never waiting for a write. Leadership is a
 * lease row ({@link SchedulerLease}).
 */
public final class PostgresStore implements Store {

    /** The channel commits are announced on, the payload being the revision. */
    static final String CHANNEL = "svc_connect_commit";

    private static final int POOL_SIZE = 8;
    /** A heartbeat already recorded this recently is not written again. */
    private static final long HEARTBEAT_WRITE_INTERVAL_MILLIS = 2_000;

    private final StoreLocation location;
    private final String replicaId;
    private final HikariDataSource pool;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Long> heartbeatsWritten = new ConcurrentHashMap<>();
    private final SchedulerLease lease;
    private final CommitFollower follower;
    private Connection writeConnection;
    private long writeRevision;
    private long revision;

    private PostgresStore(StoreLocation location, HikariDataSource pool, String replicaId) {
        this.location = location;
        this.replicaId = replicaId;
        this.pool = pool;
        this.revision = currentRevision();
        this.lease = new SchedulerLease(pool, replicaId);
        this.follower = new CommitFollower(location, this::advance);
    }

    /** Connects to the database, migrates its schema and starts following commits and the lease. */
    public static PostgresStore open(StoreLocation location, String replicaId) {
        requireNonNull(location, "location");
        requireNonNull(replicaId, "replicaId");
        if (location.isSqlite()) {
            throw new IllegalArgumentException("location: " + location + " (expected: a PostgreSQL URL)");
        }
        HikariDataSource pool = pool(location);
        try {
            Flyway.configure(PostgresStore.class.getClassLoader())
                    .dataSource(pool)
                    .connectRetries(0)
                    .locations("classpath:db/migration-postgresql")
                    .load()
                    .migrate();
            PostgresStore store = new PostgresStore(location, pool, replicaId);
            store.lease.start();
            store.follower.start();
            return store;
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate " + location + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(StoreLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("svc-connect-store");
        config.setJdbcUrl(location.jdbcUrl());
        config.setUsername(location.user());
        config.setPassword(location.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setAutoCommit(false);
        // While the database is away, a request fails within seconds (a retryable server error)
        // instead of queueing behind a connection that may never come.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(5_000);
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "svc-connect control plane");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + location + ": " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public void onCommit(LongConsumer listener) {
        commitListeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A read inside a {@link #write} on the same thread runs in the write's transaction, so it
     * sees what the write changed so far.
     */
    @Override
    public <T> T read(Function<Transaction, T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            return work.apply(new Transaction(writeConnection, false, writeRevision));
        }
        try (Connection connection = pool.getConnection()) {
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
                }
                return work.apply(new Transaction(connection, false, readRevision(connection)));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the store: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T write(Function<Transaction, T> work) {
        return write(work, null);
    }

    @Override
    public <T> T writeAsLeader(Function<Transaction, T> work) {
        return write(work, lease);
    }

    private <T> T write(Function<Transaction, T> work, SchedulerLease fence) {
        long committed;
        T result;
        writeLock.lock();
        try (Connection connection = pool.getConnection()) {
            try {
                long next = takeRevision(connection);
                if (fence != null) {
                    fence.check(connection);
                }
                writeConnection = connection;
                writeRevision = next;
                Transaction transaction = new Transaction(connection, true, next);
                result = work.apply(transaction);
                if (!transaction.changed()) {
                    connection.rollback();
                    return result;
                }
                notify(connection, next);
                connection.commit();
                committed = next;
            } catch (RuntimeException | SQLException e) {
                rollback(connection, e);
                throw e;
            } finally {
                writeConnection = null;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write the store: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        advance(committed);
        return result;
    }

    @Override
    public boolean isLeader() {
        return lease.held();
    }

    @Override
    public String describe() {
        return location.describe();
    }

    @Override
    public void recordHeartbeat(String hostId, long epochMillis) {
        Long written = heartbeatsWritten.get(hostId);
        if (written != null && epochMillis - written < HEARTBEAT_WRITE_INTERVAL_MILLIS) {
            return;
        }
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO heartbeats (id, seen_at)"
                        + " VALUES (?, ?) ON CONFLICT (id) DO UPDATE"
                        + " SET seen_at = GREATEST(heartbeats.seen_at, excluded.seen_at)")) {
            statement.setString(1, hostId);
            statement.setLong(2, epochMillis);
            statement.executeUpdate();
            connection.commit();
            heartbeatsWritten.put(hostId, epochMillis);
        } catch (SQLException e) {
            throw new StoreException("cannot record a heartbeat: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> heartbeats() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, seen_at FROM heartbeats")) {
            Map<String, Long> seen = new HashMap<>();
            while (result.next()) {
                seen.put(result.getString(1), result.getLong(2));
            }
            connection.rollback();
            return seen;
        } catch (SQLException e) {
            throw new StoreException("cannot read the heartbeats: " + e.getMessage(), e);
        }
    }

    @Override
    public void sharePush(String kind, String taskId, byte[] body) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO pushes (replica, kind, task_id, body) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, replicaId);
            statement.setString(2, kind);
            statement.setString(3, taskId);
            statement.setBytes(4, body);
            statement.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot share a push: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public List<SharedPush> pushesOfOtherReplicas(Duration within, Set<Long> seen) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT id, kind, task_id, body FROM pushes"
                        + " WHERE replica <> ? AND received_at > now() - make_interval(secs => ?)"
                        + " AND NOT (id = ANY (?)) ORDER BY id")) {
            statement.setString(1, replicaId);
            statement.setDouble(2, within.toMillis() / 1000.0);
            statement.setArray(3, connection.createArrayOf("bigint", seen.toArray()));
            List<SharedPush> pushes = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    pushes.add(new SharedPush(
                            result.getLong(1), result.getString(2), result.getString(3), result.getBytes(4)));
                }
            }
            connection.rollback();
            return pushes;
        } catch (SQLException e) {
            throw new StoreException("cannot read the shared pushes: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public int forgetPushes(Duration retention) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM pushes WHERE received_at < now() - make_interval(secs => ?)")) {
            statement.setDouble(1, retention.toMillis() / 1000.0);
            int deleted = statement.executeUpdate();
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            throw new StoreException("cannot forget the shared pushes: " + firstLine(e.getMessage()), e);
        }
    }

    /** The replica's id and role, and the lease's fencing token while it leads. */
    public SchedulerLease lease() {
        return lease;
    }

    @Override
    public void close() {
        follower.close();
        lease.close();
        pool.close();
    }

    /** Moves the known revision forward and tells the listeners; an older one changes nothing. */
    private void advance(long newRevision) {
        synchronized (this) {
            if (newRevision <= revision) {
                return;
            }
            revision = newRevision;
        }
        for (LongConsumer listener : commitListeners) {
            listener.accept(newRevision);
        }
    }

    private long currentRevision() {
        try (Connection connection = pool.getConnection()) {
            long current = readRevision(connection);
            connection.rollback();
            return current;
        } catch (SQLException e) {
            throw new StoreException("cannot read the revision: " + e.getMessage(), e);
        }
    }

    /** Takes the revision row until the transaction ends: the writes of every replica take turns here. */
    private static long takeRevision(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "UPDATE meta SET value = value + 1 WHERE name = 'revision' RETURNING value")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void notify(Connection connection, long revision) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, Long.toString(revision));
            statement.execute();
        }
    }

    static long readRevision(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT value FROM meta WHERE name = 'revision'")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Rolls back after {@code failure}; a connection that broke cannot, and its server already did. */
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
