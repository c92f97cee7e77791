package dev.svcconnect.controlplane.watch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What was made of a store row, kept while the row stays the same: after every commit the hub
 * computes the configuration of each watched task, and parsing 2,000 unchanged task rows from
 * JSON each time was most of that work.
 *
 * <p>An entry is keyed by the row's id and checked against the row's whole JSON text, not against
 * its {@code version}: not every write of a task counts a version (a new task is saved at version
 * 0, and a change its host need not see keeps it), and only the same text is sure to parse to the
 * same document. The values must be immutable, since every caller gets the same one. Bounded: the
 * least recently used rows are forgotten first; a forgotten row is parsed again when next asked
 * for. Safe from any thread.
 *
 * @param <T> what a row is made into
 */
final class RowMemo<T> {

    private record Made<T>(String body, T value) {}

    private final Map<String, Made<T>> byId;

    /** A memo of at most {@code capacity} rows. */
    RowMemo(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " (expected: 1 or more)");
        }
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Made<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** What {@code make} makes of the row {@code id} with text {@code body}: made again only when the text changed. */
    T get(String id, String body, Function<String, T> make) {
        synchronized (byId) {
            Made<T> made = byId.get(id);
            if (made != null && made.body().equals(body)) {
                return made.value();
            }
        }
        T value = make.apply(body);
        synchronized (byId) {
            byId.put(id, new Made<>(body, value));
        }
        return value;
    }

    /** How many rows are kept, for tests. */
    int size() {
        synchronized (byId) {
            return byId.size();
        }
    }
}
