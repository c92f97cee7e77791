package dev.svcconnect.controlplane.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica of a shared PostgreSQL store runs the scheduler: the one holding the row {@code
 * leases.scheduler}. Every replica tries every {@link #RENEW}: the holder extends its lease by
 * {@link #TTL} (measured on the database's clock), another replica takes it once it expired, and
 * each change of hands increments the fencing {@link #token()}.
 *
 * <p>The holder counts itself leader until {@code TTL - MARGIN} after it <em>sent</em> its last
 * successful renewal, so a replica cut off from the database stops leading before the lease expires
 * for the others. And {@link #check} puts the lease in the scheduler's own transaction: a replica
 * that lost the lease cannot commit a scheduling decision even before it noticed.
 */
public final class SchedulerLease implements AutoCloseable {

    /** How long a renewal holds the lease. A killed leader is replaced within this plus {@link #RENEW}. */
    public static final Duration TTL = Duration.ofSeconds(5);
    /** How often each replica renews or tries to take the lease. */
    public static final Duration RENEW = Duration.ofSeconds(1);

    private static final Duration MARGIN = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger("control-plane");
    private static final String TAKE = "UPDATE leases SET holder = ?,"
            + " token = CASE WHEN holder = ? AND expires_at > clock_timestamp() THEN token ELSE token + 1 END,"
            + " expires_at = clock_timestamp() + make_interval(secs => ?)"
            + " WHERE name = 'scheduler' AND (holder = ? OR expires_at <= clock_timestamp()) RETURNING token";
    private static final String CHECK = "SELECT 1 FROM leases"
            + " WHERE name = 'scheduler' AND holder = ? AND token = ? AND expires_at > clock_timestamp()";

    private final DataSource pool;
    private final String replicaId;
    private final ScheduledExecutorService renewer;
    private volatile long token;
    private volatile long heldUntilNanos;
    private volatile boolean leading;
    private volatile boolean reachable = true;

    SchedulerLease(DataSource pool, String replicaId) {
        this.pool = pool;
        this.replicaId = replicaId;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "svc-connect-lease");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        renew();
        renewer.scheduleWithFixedDelay(this::renew, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This replica's id, the lease's holder while it leads. */
    public String replicaId() {
        return replicaId;
    }

    /** Whether this replica holds the lease now, by its own clock (see the class comment). */
    public boolean held() {
        return token > 0 && System.nanoTime() - heldUntilNanos < 0;
    }

    /** The fencing token of the lease this replica holds or last held; 0 before it ever led. */
    public long token() {
        return token;
    }

    /** Refuses the transaction on {@code connection} unless this replica holds the lease in the database. */
    void check(Connection connection) throws SQLException {
        long held = token;
        try (PreparedStatement statement = connection.prepareStatement(CHECK)) {
            statement.setString(1, replicaId);
            statement.setLong(2, held);
            try (ResultSet result = statement.executeQuery()) {
                if (held == 0 || !result.next()) {
                    throw new NotLeaderException("replica " + replicaId + " does not hold the scheduler lease");
                }
            }
        }
    }

    private void renew() {
        long sent = System.nanoTime();
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(TAKE)) {
            statement.setString(1, replicaId);
            statement.setString(2, replicaId);
            statement.setDouble(3, TTL.toMillis() / 1000.0);
            statement.setString(4, replicaId);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    token = result.getLong(1);
                    heldUntilNanos = sent + TTL.minus(MARGIN).toNanos();
                } else {
                    heldUntilNanos = sent;
                }
            }
            connection.commit();
            if (!reachable) {
                reachable = true;
                LOG.info("replica {}: the store answers again", replicaId);
            }
        } catch (SQLException | RuntimeException e) {
            if (reachable) {
                reachable = false;
                LOG.warn("replica {}: cannot renew the scheduler lease: {}", replicaId, e.getMessage());
            }
        }
        logRole();
    }

    private void logRole() {
        boolean now = held();
        if (now != leading) {
            leading = now;
            LOG.info("replica {}: {}", replicaId, now ? "leader (lease token " + token + ")" : "follower");
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (held()) {
            release();
        }
    }

    /** Gives the lease up on a clean stop, so the next replica takes it at once. */
    private void release() {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE leases SET expires_at = '-infinity'"
                        + " WHERE name = 'scheduler' AND holder = ? AND token = ?")) {
            statement.setString(1, replicaId);
            statement.setLong(2, token);
            statement.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("replica {}: cannot release the scheduler lease: {}", replicaId, e.getMessage());
        }
        heldUntilNanos = System.nanoTime();
    }
}
