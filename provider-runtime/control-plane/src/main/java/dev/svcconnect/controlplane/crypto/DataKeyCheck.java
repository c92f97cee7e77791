package dev.svcconnect.controlplane.crypto;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.time.Clock;
import java.util.Optional;

/**
 * A value sealed with the data key and kept in the store ({@link Table#KEY_CHECKS}), so that a
 * control plane given another key than the one the store's secrets were sealed with stops at start
 * with an error naming its key file, instead of failing on each secret later. The first control
 * plane on a store writes it; the value reveals nothing (a fixed text), the key is never stored.
 *
 * <pre>{@code
 * DataKeyCheck.verify(store, dataKey, "DATA/keys/data.key", "cp-a", Clock.systemUTC());
 * }</pre>
 */
public final class DataKeyCheck {

    /** The row of {@link Table#KEY_CHECKS} that holds the check value. */
    static final String ROW = "data-key";

    private static final String TEXT = "svc-connect data key check";
    private static final String CONTEXT = "key-check:data-key";

    private DataKeyCheck() {}

    /**
     * Opens the store's check value with {@code key}, writing one first when the store has none.
     *
     * @param keySource how the key was given, for the error ({@code --data-key-file FILE} or the file)
     * @param replicaId recorded with a new check value, and named by the error
     * @throws IllegalStateException when the check value does not open with {@code key}
     */
    public static void verify(Store store, DataKey key, String keySource, String replicaId, Clock clock) {
        requireNonNull(store, "store");
        requireNonNull(key, "key");
        ObjectNode check = store.read(DataKeyCheck::find)
                .orElseGet(() -> store.write(tx -> find(tx).orElseGet(() -> {
                    ObjectNode created = Json.mapper()
                            .createObjectNode()
                            .put("sealed", key.seal(TEXT, CONTEXT))
                            .put("writtenBy", replicaId)
                            .put("writtenAt", clock.instant().toString());
                    tx.put(Table.KEY_CHECKS, ROW, "-", null, created);
                    return created;
                })));
        String opened;
        try {
            opened = key.open(check.path("sealed").asText(), CONTEXT);
        } catch (IllegalStateException e) {
            opened = null;
        }
        if (!TEXT.equals(opened)) {
            throw new IllegalStateException("the data key " + keySource + " is not the key of the store "
                    + store.describe()
                    + ": its secrets were sealed with the key of replica "
                    + check.path("writtenBy").asText("?")
                    + " (check value written " + check.path("writtenAt").asText("?") + "). Every replica of one store"
                    + " needs the same key: give each the same --data-key-file (docs/ha.md)");
        }
    }

    private static Optional<ObjectNode> find(Transaction tx) {
        return tx.get(Table.KEY_CHECKS, ROW);
    }
}
