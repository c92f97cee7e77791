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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The control plane's durable store: one SQLite file, {@code store.db}, in the data directory.
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of(".svc-connect"))) {
 *     store.write(tx -> { tx.put(Table.CLUSTERS, "web", "-", null, cluster); return null; });
 * }
 * }</pre>
 *
 * <p>Writes take turns on one connection (SQLite has a single writer anyway); reads take turns on
 * a second one and, the database being in WAL mode, never wait for a write's commit to reach the
 * disk (a watcher's answer must not queue behind every fsync). A write that changed something
 * commits with {@code synchronous=FULL}, so it is on disk when {@link #write} returns, and bumps
 * the {@linkplain #revision() revision}; then the commit listeners are told the new revision.
 */
public final class Store implements AutoCloseable {

    /** The database file's name inside the data directory. */
    public static final String FILE_NAME = "store.db";

    private final Connection connection;
    private final Connection readConnection;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();
    private long revision;

    private Store(Connection connection, Connection readConnection, long revision) {
        this.connection = connection;
        this.readConnection = readConnection;
        this.revision = revision;
    }

    /** Opens (creating and migrating when needed) the store of a data directory. */
    public static Store open(Path dataDirectory) {
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
            Flyway.configure(Store.class.getClassLoader())
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
            return new Store(connection, readConnection, readRevision(connection));
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

    /** The revision of the last committed change; grows with each change, never reused. */
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** Calls {@code listener} with the new revision after each committed change. */
    public void onCommit(LongConsumer listener) {
        commitListeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * Runs {@code work} on a consistent view of the store: the last committed revision. Reads use
     * a connection of their own (the database is in WAL mode), so they never wait for a write to
     * reach the disk; they take turns among themselves. A read inside a {@link #write} on the same
     * thread runs on the write's connection instead: it sees what the write changed so far, and
     * never waits for the read connection (which a read that writes may hold, waiting for us).
     */
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

    /**
     * Runs {@code work} and commits what it changed before returning; if {@code work} throws,
     * nothing is changed.
     */
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
            throw new StoreException("cannot roll back: " + e.getMessage(), e);
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
