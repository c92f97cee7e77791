package dev.svcconnect.controlplane.watch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What was made of a store row, kept while the row stays the same: after every commit the hub
 * computes the configuration of each watched task, and parsing 2,000 unchanged task rows from
 * JSON each time was most of that work.
 *
 * <p>An entry is keyed by the row's id and checked against the row's whole JSON text, not against
 * its {@code version}: not every write of a task counts a version (a new task is saved at version
 * 0, and a change its host need not see keeps it), and only the same text is sure to parse to the
 * same document. The values must be immutable, since every caller gets the same one.
 *
 * <p>Bounded by what is in use rather than by recency: an entry not asked for within {@code idle}
 * is forgotten (a stopped task's row), and when the memo is full a new row is made without being
 * kept. The hub asks for every watched row in the same order on every refresh, so a
 * least-recently-used bound smaller than the number of watched rows would forget each row just
 * before it is asked for again, and keep none. Safe from any thread.
 *
 * @param <T> what a row is made into
 */
final class RowMemo<T> {

    private static final class Made<T> {
        final String body;
        final T value;
        long usedAt;

        Made(String body, T value, long usedAt) {
            this.body = body;
            this.value = value;
            this.usedAt = usedAt;
        }
    }

    private final Map<String, Made<T>> byId = new HashMap<>();
    private final int capacity;
    private final long idleNanos;
    private final LongSupplier clock;
    private long sweptAt;

    /** A memo of at most {@code capacity} rows, each forgotten once not asked for within {@code idle}. */
    RowMemo(int capacity, Duration idle) {
        this(capacity, idle, System::nanoTime);
    }

    RowMemo(int capacity, Duration idle, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " (expected: 1 or more)");
        }
        this.capacity = capacity;
        this.idleNanos = idle.toNanos();
        this.clock = clock;
        this.sweptAt = clock.getAsLong();
    }

    /** What {@code make} makes of the row {@code id} with text {@code body}: made again only when the text changed. */
    T get(String id, String body, Function<String, T> make) {
        synchronized (byId) {
            Made<T> made = byId.get(id);
            if (made != null && made.body.equals(body)) {
                made.usedAt = clock.getAsLong();
                return made.value;
            }
        }
        T value = make.apply(body);
        synchronized (byId) {
            long now = clock.getAsLong();
            if (byId.size() >= capacity && !byId.containsKey(id)) {
                forgetIdle(now);
            }
            if (byId.size() < capacity || byId.containsKey(id)) {
                byId.put(id, new Made<>(body, value, now));
            }
        }
        return value;
    }

    /** Forgets the rows not asked for within the idle time; at most once per idle time, as it reads them all. */
    private void forgetIdle(long now) {
        if (now - sweptAt < idleNanos) {
            return;
        }
        sweptAt = now;
        byId.values().removeIf(made -> now - made.usedAt > idleNanos);
    }

    /** How many rows are kept, for tests. */
    int size() {
        synchronized (byId) {
            return byId.size();
        }
    }
}
