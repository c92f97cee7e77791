package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.WatchResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Watches by revision, as long-polls ({@link #watch}) and as streams ({@link #subscribe}). Each
 * watched thing has a key and a function that computes its value from the store; its revision is
 * the store revision at which its value last changed (as far as this process has seen). A watcher
 * with the current revision waits; after each commit the values of the waited-on keys are
 * computed again and the watchers whose value changed get the new one.
 *
 * <p>All bookkeeping runs on one thread, so a commit can never slip between a watcher's check and
 * its registration; nothing polls. After a commit, all waited-on values are computed in one read
 * of the store, so a watcher's answer does not queue behind the store's writers once per other
 * key; commits that arrive while a refresh is queued are taken by that one refresh. A changed
 * value is serialized once, however many watchers get it ({@link WatchEvent}).
 */
public final class WatchHub implements AutoCloseable {

    /** Gets every change of a subscribed key, on the hub's thread: it must not block. */
    public interface Listener {

        /** The value changed (or the subscription started with a revision other than the current one). */
        void changed(WatchEvent event);

        /** The value could not be computed (its task is gone, say): the subscription has ended. */
        void failed(RuntimeException error);
    }

    /** A value, the revision at which it last changed, and when a watcher last asked for it. */
    private static final class Entry {
        final long revision;
        final Object value;
        long lastUsedNanos;
        private WatchEvent event;

        Entry(long revision, Object value, long lastUsedNanos) {
            this.revision = revision;
            this.value = value;
            this.lastUsedNanos = lastUsedNanos;
        }

        /** The entry as its watchers get it, serialized at the first watcher's. */
        WatchEvent event() {
            if (event == null) {
                try {
                    event = new WatchEvent(
                            revision, value, Json.mapper().writeValueAsBytes(new WatchResult<>(revision, value)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot serialize a watched value: " + e.getMessage(), e);
                }
            }
            return event;
        }
    }

    /** How long the revision of a value nobody asks for is remembered. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    /** One watcher of a key: the revision it has, and where its changes go. */
    private abstract static class Watcher {
        long knownRevision;

        Watcher(long knownRevision) {
            this.knownRevision = knownRevision;
        }

        /** Gives the watcher a value of another revision; answers whether it is done watching. */
        abstract boolean changed(Entry entry);

        abstract void failed(RuntimeException error);

        /** Whether the watcher went away. */
        abstract boolean isGone();
    }

    /** A long-poll: answered once. */
    private static final class Poll extends Watcher {
        final CompletableFuture<Optional<WatchEvent>> answer;

        Poll(long knownRevision, CompletableFuture<Optional<WatchEvent>> answer) {
            super(knownRevision);
            this.answer = answer;
        }

        @Override
        boolean changed(Entry entry) {
            answer.complete(Optional.of(entry.event()));
            return true;
        }

        @Override
        void failed(RuntimeException error) {
            answer.completeExceptionally(error);
        }

        @Override
        boolean isGone() {
            return answer.isDone();
        }
    }

    /** A stream: gets every change until it is closed. */
    private static final class Subscription extends Watcher implements AutoCloseable {
        final Listener listener;
        volatile boolean closed;

        Subscription(long knownRevision, Listener listener) {
            super(knownRevision);
            this.listener = listener;
        }

        @Override
        boolean changed(Entry entry) {
            knownRevision = entry.revision;
            listener.changed(entry.event());
            return false;
        }

        @Override
        void failed(RuntimeException error) {
            closed = true;
            listener.failed(error);
        }

        @Override
        boolean isGone() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class Watched {
        final Function<Transaction, ?> compute;
        final Set<Watcher> watchers = new LinkedHashSet<>();

        Watched(Function<Transaction, ?> compute) {
            this.compute = compute;
        }
    }

    private final Store store;
    private final ScheduledExecutorService executor;
    private final Map<String, Entry> latest = new HashMap<>();
    private final Map<String, Watched> watched = new HashMap<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    public WatchHub(Store store) {
        this.store = requireNonNull(store, "store");
        ScheduledThreadPoolExecutor hubThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "svc-connect-watch");
            thread.setDaemon(true);
            return thread;
        });
        // An answered watch drops its expiry at once, not after its wait: the queue stays as long as the watchers.
        hubThread.setRemoveOnCancelPolicy(true);
        this.executor = hubThread;
        store.onCommit(revision -> {
            if (refreshQueued.compareAndSet(false, true)) {
                executor.execute(this::refreshWatched);
            }
        });
        executor.scheduleWithFixedDelay(this::forgetUnused, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Answers the value of {@code key} at once when its revision differs from
     * {@code knownRevision} (-1: none known), else when it changes, else empty after {@code wait}.
     * Cancelling the returned future forgets the watcher.
     */
    public CompletableFuture<Optional<WatchEvent>> watch(
            String key, Function<Transaction, ?> compute, long knownRevision, Duration wait) {
        CompletableFuture<Optional<WatchEvent>> answer = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                Entry entry = refresh(key, compute);
                if (entry.revision != knownRevision) {
                    answer.complete(Optional.of(entry.event()));
                    return;
                }
                Poll poll = new Poll(knownRevision, answer);
                watched.computeIfAbsent(key, k -> new Watched(compute)).watchers.add(poll);
                ScheduledFuture<?> expiry = executor.schedule(
                        () -> answer.complete(Optional.empty()), wait.toMillis(), TimeUnit.MILLISECONDS);
                answer.whenComplete((result, error) -> {
                    expiry.cancel(false);
                    runOnHub(() -> forget(key, poll));
                });
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /**
     * Streams the values of {@code key}: the current one at once when its revision differs from
     * {@code knownRevision} (-1: none known), then each one of another revision, to
     * {@code listener}, until the returned handle is closed or the value cannot be computed. A
     * listener that falls behind is given what it missed as the latest value only (see
     * {@code server.WatchStream}).
     */
    public AutoCloseable subscribe(
            String key, Function<Transaction, ?> compute, long knownRevision, Listener listener) {
        Subscription subscription = new Subscription(knownRevision, requireNonNull(listener, "listener"));
        executor.execute(() -> {
            if (subscription.closed) {
                return;
            }
            Entry entry;
            try {
                entry = refresh(key, compute);
            } catch (RuntimeException e) {
                subscription.failed(e);
                return;
            }
            if (entry.revision != knownRevision) {
                subscription.changed(entry);
            }
            watched.computeIfAbsent(key, k -> new Watched(compute)).watchers.add(subscription);
        });
        return () -> {
            subscription.close();
            runOnHub(() -> forget(key, subscription));
        };
    }

    /** The number of watchers waiting (long-polls and streams), for tests and logs. */
    public int waiting() {
        try {
            return executor.submit(() -> watched.values().stream()
                            .mapToInt(w -> w.watchers.size())
                            .sum())
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Runs bookkeeping on the hub's thread; after {@link #close()} there is none to do. */
    private void runOnHub(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: the watchers go with the hub
        }
    }

    private Entry refresh(String key, Function<Transaction, ?> compute) {
        return remember(key, store.read(tx -> new Entry(tx.revision(), compute.apply(tx), System.nanoTime())));
    }

    /** Keeps the revision of an unchanged value, so that its watchers keep waiting. */
    private Entry remember(String key, Entry computed) {
        Entry previous = latest.get(key);
        if (previous != null && Objects.equals(previous.value, computed.value)) {
            previous.lastUsedNanos = computed.lastUsedNanos;
            return previous;
        }
        latest.put(key, computed);
        return computed;
    }

    /**
     * Forgets the values nobody has asked for lately. Safe: a watcher that comes back gets the
     * value at once, under the current store revision, and waits from there.
     */
    private void forgetUnused() {
        long cutoff = System.nanoTime() - FORGET_AFTER.toNanos();
        latest.entrySet().removeIf(e -> !watched.containsKey(e.getKey()) && e.getValue().lastUsedNanos < cutoff);
    }

    /**
     * Computes every waited-on value again in one read of the store (one consistent revision, one
     * turn at the store's lock however many keys are watched), then gives the watchers whose value
     * changed the new one.
     */
    private void refreshWatched() {
        refreshQueued.set(false);
        if (watched.isEmpty()) {
            return;
        }
        Map<String, Object> values = new HashMap<>();
        Map<String, RuntimeException> failures = new HashMap<>();
        long revision;
        try {
            revision = store.read(tx -> {
                watched.forEach((key, watch) -> {
                    try {
                        values.put(key, watch.compute.apply(tx));
                    } catch (RuntimeException e) {
                        failures.put(key, e);
                    }
                });
                return tx.revision();
            });
        } catch (RuntimeException e) {
            watched.keySet().forEach(key -> failures.put(key, e));
            revision = -1;
        }
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Watched>> it = watched.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Watched> item = it.next();
            Watched watch = item.getValue();
            RuntimeException failure = failures.get(item.getKey());
            if (failure != null) {
                latest.remove(item.getKey());
                watch.watchers.forEach(w -> w.failed(failure));
                it.remove();
                continue;
            }
            Entry entry = remember(item.getKey(), new Entry(revision, values.get(item.getKey()), now));
            for (Iterator<Watcher> watchers = watch.watchers.iterator(); watchers.hasNext(); ) {
                Watcher watcher = watchers.next();
                if (watcher.isGone()) {
                    watchers.remove();
                } else if (entry.revision != watcher.knownRevision && watcher.changed(entry)) {
                    watchers.remove();
                }
            }
            if (watch.watchers.isEmpty()) {
                it.remove();
            }
        }
    }

    private void forget(String key, Watcher watcher) {
        Watched watch = watched.get(key);
        if (watch != null) {
            watch.watchers.remove(watcher);
            if (watch.watchers.isEmpty()) {
                watched.remove(key);
            }
        }
    }
}
