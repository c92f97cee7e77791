package dev.svcconnect.controlplane.replicas;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.store.SharedPush;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.StoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pushes of proxies and agents (metrics, log lines), each made to one replica, applied on every
 * replica of the store: the replica that takes a push applies it at once and {@link
 * Store#sharePush shares} it; every replica {@link #pull pulls} the others' each second and applies
 * each once. The store keeps them for {@link #RETENTION} only. On a single store nothing is shared
 * and {@link #pull} finds nothing.
 *
 * <pre>{@code
 * PushSharing pushes = new PushSharing(store, Map.of(PushSharing.METRICS, metrics::accept, PushSharing.LOGS, logs::accept));
 * pushes.accept(PushSharing.METRICS, taskId, body);   // a request to this replica
 * pushes.pull();                                      // each second
 * }</pre>
 */
public final class PushSharing {

    /** The kind of a proxy's metrics report. */
    public static final String METRICS = "metrics";
    /** The kind of an agent's log lines of one task. */
    public static final String LOGS = "logs";
    /**
     * How far back a pull looks: the pushes of a replica that could not read the store for longer
     * (its database connection cut) are not applied there.
     */
    public static final Duration LOOK_BACK = Duration.ofSeconds(30);
    /** How long the store keeps a push. */
    public static final Duration RETENTION = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger("control-plane");

    /** What applies a push of one kind; it throws {@link ApiException} for a push it refuses. */
    @FunctionalInterface
    public interface Receiver {
        void accept(String taskId, byte[] body);
    }

    private final Store store;
    private final Map<String, Receiver> receivers;
    /** The ids of the pushes applied, with when, kept for longer than {@link #LOOK_BACK}. */
    private final Map<Long, Long> applied = new HashMap<>();

    public PushSharing(Store store, Map<String, Receiver> receivers) {
        this.store = requireNonNull(store, "store");
        this.receivers = Map.copyOf(receivers);
    }

    /**
     * Applies a push made to this replica (a refused one throws, and is shared with none), then
     * shares it; when the store cannot take it, the other replicas miss it and this one keeps it.
     */
    public void accept(String kind, String taskId, byte[] body) {
        receiver(kind).accept(taskId, body);
        try {
            store.sharePush(kind, taskId, body);
        } catch (StoreException e) {
            LOG.debug("a {} push of task {} is not shared with the other replicas: {}", kind, taskId, e.getMessage());
        }
    }

    /**
     * Applies the pushes the other replicas shared since the last pull, each once, in the order they
     * were shared; the leader also deletes those older than {@link #RETENTION}.
     *
     * @return how many were applied
     */
    public synchronized int pull() {
        long now = System.nanoTime();
        applied.values().removeIf(at -> now - at > 2 * LOOK_BACK.toNanos());
        List<SharedPush> pushes = store.pushesOfOtherReplicas(LOOK_BACK, applied.keySet());
        for (SharedPush push : pushes) {
            applied.put(push.id(), now);
            try {
                receiver(push.kind()).accept(push.taskId(), push.body());
            } catch (RuntimeException e) {
                // Taken by the other replica, refused here (its task deleted meanwhile, say): not applied, not retried.
                LOG.debug("a shared {} push of task {} not applied: {}", push.kind(), push.taskId(), e.getMessage());
            }
        }
        if (store.isLeader()) {
            store.forgetPushes(RETENTION);
        }
        return pushes.size();
    }

    private Receiver receiver(String kind) {
        Receiver receiver = receivers.get(kind);
        if (receiver == null) {
            throw new IllegalArgumentException("kind: '" + kind + "' (expected one of: " + receivers.keySet() + ")");
        }
        return receiver;
    }
}
