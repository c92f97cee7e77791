package dev.svcconnect.controlplane.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The default {@link Store}: one SQLite file, {@code store.db}, in the data directory, for one
 * control plane process (which always leads: there is no other).
 *
 * <p>Writes take turns on one connection (SQLite has a single writer anyway); reads take turns on
 * a second one and, the database being in WAL mode, never wait for a write's commit to reach the
 * disk (a watcher's answer must not queue behind every fsync). A write that changed something
 * commits with {@code synchronous=FULL}, so it is on disk when {@link #write} returns, and bumps
 * the {@linkplain #revision() revision}; then the commit listeners are told the new revision.
 */
public final class SqliteStore implements Store {

    /** The database file's name inside the data directory. */
    public static final String FILE_NAME = "store.db";

    private final Connection connection;
    private final Connection readConnection;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();
    private final String url;
    private long revision;

    private SqliteStore(String url, Connection connection, Connection readConnection, long revision) {
        this.url = url;
        this.connection = connection;
        this.readConnection = readConnection;
        this.revision = revision;
    }

    /** Opens (creating and migrating when needed) the store of a data directory. */
    public static SqliteStore open(Path dataDirectory) {
        requireNonNull(dataDirectory, "dataDirectory");
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
            throw new StoreException("data directory " + dataDirectory + ": is a file, not a directory", null);
        }
        try {
            ownerOnly(dataDirectory);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDirectory + ": " + e, e);
        }
        String url = "jdbc:sqlite:" + dataDirectory.resolve(FILE_NAME).toAbsolutePath();
        try {
            Flyway.configure(SqliteStore.class.getClassLoader())
                    .dataSource(url, null, null)
                    .connectRetries(0)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate " + url + ": " + firstLine(e.getMessage()), e);
        }
        try {
            Connection connection = connect(url);
            Connection readConnection = connect(url);
            return new SqliteStore(url, connection, readConnection, readRevision(connection));
        } catch (SQLException e) {
            throw new StoreException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the data directory owner-only (0700) if it does not exist, and makes the store file
     * and SQLite's {@code -wal} and {@code -shm} files beside it owner-only (0600) whatever the
     * umask: SQLite creates those two with the mode of the database file, so an empty database
     * file made 0600 first gives them that mode too. An existing directory keeps its mode: it may
     * be one the operator chose and shares.
     */
    private static void ownerOnly(Path dataDirectory) throws IOException {
        if (!Files.isDirectory(dataDirectory)) {
            Files.createDirectories(dataDirectory);
            Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // Another control plane on the same directory made it first; its mode is set below.
            }
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path owned = dataDirectory.resolve(FILE_NAME + suffix);
            if (Files.exists(owned)) {
                Files.setPosixFilePermissions(owned, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA busy_timeout=5000");
        }
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onCommit(LongConsumer listener) {
        commitListeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads use
     * a connection of their own (the database is in WAL mode), so they never wait for a write to
     * reach the disk; they take turns among themselves. A read inside a {@link #write} on the same
     * thread runs on the write's connection instead: it sees what the write changed so far, and
     * never waits for the read connection (which a read that writes may hold, waiting for us).
     */
    @Override
    public <T> T read(Function<Transaction, T> work) {
        if (lock.isHeldByCurrentThread()) {
            return work.apply(new Transaction(connection, false, revision));
        }
        readLock.lock();
        try {
            try {
                Transaction transaction = new Transaction(readConnection, false, readRevision(readConnection));
                return work.apply(transaction);
            } catch (SQLException e) {
                throw new StoreException("cannot read the store: " + e.getMessage(), e);
            } finally {
                rollback(readConnection);
            }
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public <T> T write(Function<Transaction, T> work) {
        long committed;
        T result;
        lock.lock();
        try {
            Transaction transaction = new Transaction(connection, true, revision + 1);
            try {
                result = work.apply(transaction);
            } catch (RuntimeException e) {
                rollback(connection);
                throw e;
            }
            if (!transaction.changed()) {
                rollback(connection);
                return result;
            }
            commit(revision + 1);
            revision++;
            committed = revision;
        } finally {
            lock.unlock();
        }
        for (LongConsumer listener : commitListeners) {
            listener.accept(committed);
        }
        return result;
    }

    @Override
    public <T> T writeAsLeader(Function<Transaction, T> work) {
        return write(work);
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public String describe() {
        return url;
    }

    @Override
    public void recordHeartbeat(String hostId, long epochMillis) {
        // One process hears every host itself.
    }

    @Override
    public Map<String, Long> heartbeats() {
        return Map.of();
    }

    @Override
    public void sharePush(String kind, String taskId, byte[] body) {
        // One process takes every push itself.
    }

    @Override
    public List<SharedPush> pushesOfOtherReplicas(Duration within, Set<Long> seen) {
        return List.of();
    }

    @Override
    public int forgetPushes(Duration retention) {
        return 0;
    }

    @Override
    public void close() {
        lock.lock();
        readLock.lock();
        try {
            readConnection.close();
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        } finally {
            readLock.unlock();
            lock.unlock();
        }
    }

    private void commit(long newRevision) {
        try (PreparedStatement statement =
                connection.prepareStatement("UPDATE meta SET value = ? WHERE name = 'revision'")) {
            statement.setLong(1, newRevision);
            statement.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollback(connection);
            throw new StoreException("cannot commit to the store: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error);
            // the driver's rollback then fails before it begins the next transaction, and every
            // later write would run outside one, each statement committed alone. Begin it here.
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN");
            } catch (SQLException stillInOne) {
                e.addSuppressed(stillInOne);
                throw new StoreException("cannot roll back: " + e.getMessage(), e);
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static long readRevision(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT value FROM meta WHERE name = 'revision'")) {
            result.next();
            return result.getLong(1);
        }
    }
}
