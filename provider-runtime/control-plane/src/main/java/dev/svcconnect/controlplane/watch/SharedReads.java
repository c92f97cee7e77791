package dev.svcconnect.controlplane.watch;

import dev.svcconnect.controlplane.store.Transaction;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * What several watched values of one read of the store have in common, computed once per read:
 * after a commit the hub computes the configurations of 2,000 proxies of one namespace in one read,
 * and each needs the namespace's client aliases and the endpoints of each of them. Only for read
 * transactions (a read sees one revision throughout); a transaction's values go with it.
 */
final class SharedReads {

    private final Map<Transaction, Map<String, Object>> byRead = new WeakHashMap<>();

    /** The value of {@code key} in {@code tx}: computed by {@code compute} at the first call. Do not change it. */
    @SuppressWarnings("unchecked")
    <T> T get(Transaction tx, String key, Supplier<T> compute) {
        synchronized (byRead) {
            Map<String, Object> values = byRead.get(tx);
            if (values != null && values.containsKey(key)) {
                return (T) values.get(key);
            }
        }
        T value = compute.get();
        synchronized (byRead) {
            byRead.computeIfAbsent(tx, t -> new HashMap<>()).put(key, value);
        }
        return value;
    }
}
