package dev.svcconnect.controlplane.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The control plane's durable store: resources as JSON rows ({@link Table}), a revision counter
 * and commit listeners. Two implementations keep the same contract: {@link SqliteStore}, one file
 * under the data directory (the default), and {@link PostgresStore}, a PostgreSQL database that
 * several replicas share ({@code docs/ha.md}).
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of(".svc-connect"))) {
 *     store.write(tx -> { tx.put(Table.CLUSTERS, "web", "-", null, cluster); return null; });
 * }
 * }</pre>
 *
 * <p>The contract: a {@link #write} that changed something is durable when it returns and bumps
 * the revision by one; writes are serialized (on every replica of one database), so a write reads
 * what the previous one committed; a {@link #read} sees one committed revision and never waits for
 * a write to reach the disk; the commit listeners hear every new revision, including those
 * committed by other replicas.
 */
public interface Store extends AutoCloseable {

    /** The SQLite database file's name inside the data directory. */
    String FILE_NAME = SqliteStore.FILE_NAME;

    /** Opens (creating and migrating when needed) the SQLite store of a data directory. */
    static Store open(Path dataDirectory) {
        return SqliteStore.open(dataDirectory);
    }

    /**
     * Opens the store {@code location} names: the SQLite file of {@code dataDirectory}, or a
     * PostgreSQL database this process shares with other replicas as {@code replicaId}.
     */
    static Store open(StoreLocation location, Path dataDirectory, String replicaId) {
        requireNonNull(location, "location");
        return location.isSqlite()
                ? SqliteStore.open(dataDirectory)
                : PostgresStore.open(location, requireNonNull(replicaId, "replicaId"));
    }

    /** The revision of the last committed change this process knows of; grows, never reused. */
    long revision();

    /** Calls {@code listener} with each new revision, once per revision or for a later one. */
    void onCommit(LongConsumer listener);

    /** Runs {@code work} on a consistent view of the store: one committed revision. */
    <T> T read(Function<Transaction, T> work);

    /**
     * Runs {@code work} and commits what it changed before returning; if {@code work} throws,
     * nothing is changed.
     */
    <T> T write(Function<Transaction, T> work);

    /**
     * A {@link #write} that commits only while this replica leads: the scheduler's own decisions
     * (such as replacing the tasks of a lost host). A replica that lost the lead gets {@link
     * NotLeaderException} and changes nothing, even if it has not noticed yet.
     */
    <T> T writeAsLeader(Function<Transaction, T> work);

    /** Whether this replica runs the scheduler now; a single store always does. */
    boolean isLeader();

    /** Where the store lives, without credentials, for logs and {@code GET /health}. */
    String describe();

    /**
     * Records that a host was heard from at {@code epochMillis}, for the replicas that did not
     * hear it; a single store has no other replica and records nothing.
     */
    void recordHeartbeat(String hostId, long epochMillis);

    /** The last heartbeat of each host that any replica recorded, in epoch milliseconds. */
    Map<String, Long> heartbeats();

    /**
     * Keeps a push a proxy or agent made to this replica (metrics, log lines) for the other
     * replicas to {@link #pushesOfOtherReplicas read}; a single store has no other replica and keeps
     * nothing. Not part of the revision.
     */
    void sharePush(String kind, String taskId, byte[] body);

    /**
     * The pushes other replicas {@link #sharePush shared} in the last {@code within} (the
     * database's clock), but those whose id is in {@code seen}, by id.
     */
    List<SharedPush> pushesOfOtherReplicas(Duration within, Set<Long> seen);

    /** Deletes the shared pushes older than {@code retention}; answers how many. */
    int forgetPushes(Duration retention);

    @Override
    void close();
}
