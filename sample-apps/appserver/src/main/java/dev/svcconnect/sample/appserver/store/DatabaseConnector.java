package dev.svcconnect.sample.appserver.store;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.common.Lifecycle;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gets the db ready for appserver: creates the items table, retrying with exponential backoff
 * (from {@link #FIRST_RETRY} up to {@link #MAX_RETRY}) while the db is not up yet, then tells its
 * listener once.
 */
public final class DatabaseConnector implements AutoCloseable {

    /** The wait before the second attempt. */
    public static final Duration FIRST_RETRY = Duration.ofMillis(100);
    /** The longest wait between attempts. */
    public static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private final ItemStore store;
    private final String url;
    private final Runnable onReady;
    private final ScheduledExecutorService scheduler;
    private volatile boolean ready;
    private volatile String lastError = "the first connection attempt has not finished";
    private int attempts;

    /** A connector that calls {@code onReady} once the table exists. */
    public DatabaseConnector(ItemStore store, String url, Runnable onReady) {
        this.store = requireNonNull(store, "store");
        this.url = requireNonNull(url, "url");
        this.onReady = requireNonNull(onReady, "onReady");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "db-connector");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts trying in the background. */
    public void start() {
        scheduler.execute(() -> attempt(FIRST_RETRY));
    }

    /** Whether the db has been reached and the table exists. */
    public boolean ready() {
        return ready;
    }

    /** Why the db is not ready, for error messages. */
    public String lastError() {
        return lastError;
    }

    private void attempt(Duration nextWait) {
        attempts++;
        try {
            store.createTable();
            ready = true;
            Lifecycle.log("appserver", "db ready at " + url + " after " + attempts + " attempt(s)");
            onReady.run();
        } catch (SQLException e) {
            lastError = e.getMessage();
            Lifecycle.log(
                    "appserver",
                    "db not reachable at " + url + " (attempt " + attempts + ", next in " + nextWait.toMillis()
                            + " ms): " + firstLine(e.getMessage()));
            Duration doubled = nextWait.multipliedBy(2);
            Duration following = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
            try {
                scheduler.schedule(() -> attempt(following), nextWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // Closed while this attempt ran: stop trying.
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Stops trying. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
