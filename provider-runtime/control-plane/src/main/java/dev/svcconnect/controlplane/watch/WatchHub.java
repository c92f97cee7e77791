package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.watch.WatchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Long-polls by revision. Each watched thing has a key and a function that computes its value
 * from the store; its revision is the store revision at which its value last changed (as far as
 * this process has seen). A watch with the current revision waits; after each commit the values
 * of the waited-on keys are computed again and the watchers whose value changed are answered.
 *
 * <p>All bookkeeping runs on one thread, so a commit can never slip between a watcher's check and
 * its registration; nothing polls. After a commit, all waited-on values are computed in one read
 * of the store, so a watcher's answer does not queue behind the store's writers once per other key.
 */
public final class WatchHub implements AutoCloseable {

    /** A value, the revision at which it last changed, and when a watcher last asked for it. */
    private record Entry(long revision, Object value, long lastUsedNanos) {

        Entry used() {
            return new Entry(revision, value, System.nanoTime());
        }
    }

    /** How long the revision of a value nobody asks for is remembered. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private static final class Waiter {
        final long knownRevision;
        final CompletableFuture<Optional<WatchResult<Object>>> answer;

        Waiter(long knownRevision, CompletableFuture<Optional<WatchResult<Object>>> answer) {
            this.knownRevision = knownRevision;
            this.answer = answer;
        }
    }

    private static final class Watched {
        final Function<Transaction, ?> compute;
        final List<Waiter> waiters = new ArrayList<>();

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
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<Optional<WatchResult<T>>> watch(
            String key, Function<Transaction, T> compute, long knownRevision, Duration wait) {
        CompletableFuture<Optional<WatchResult<Object>>> answer = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                Entry entry = refresh(key, compute);
                if (entry.revision() != knownRevision) {
                    answer.complete(Optional.of(new WatchResult<>(entry.revision(), entry.value())));
                    return;
                }
                Waiter waiter = new Waiter(knownRevision, answer);
                watched.computeIfAbsent(key, k -> new Watched(compute)).waiters.add(waiter);
                ScheduledFuture<?> expiry = executor.schedule(
                        () -> answer.complete(Optional.empty()), wait.toMillis(), TimeUnit.MILLISECONDS);
                answer.whenComplete((result, error) -> {
                    expiry.cancel(false);
                    runOnHub(() -> forget(key, waiter));
                });
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return (CompletableFuture<Optional<WatchResult<T>>>) (CompletableFuture<?>) answer;
    }

    /** The number of watchers waiting, for tests and logs. */
    public int waiting() {
        try {
            return executor.submit(() -> watched.values().stream()
                            .mapToInt(w -> w.waiters.size())
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
            // closed: the waiters go with the hub
        }
    }

    private Entry refresh(String key, Function<Transaction, ?> compute) {
        return remember(key, store.read(tx -> new Entry(tx.revision(), compute.apply(tx), System.nanoTime())));
    }

    /** Keeps the revision of an unchanged value, so that its watchers keep waiting. */
    private Entry remember(String key, Entry computed) {
        Entry previous = latest.get(key);
        Entry current =
                previous != null && Objects.equals(previous.value(), computed.value()) ? previous.used() : computed;
        latest.put(key, current);
        return current;
    }

    /**
     * Forgets the values nobody has asked for lately. Safe: a watcher that comes back gets the
     * value at once, under the current store revision, and waits from there.
     */
    private void forgetUnused() {
        long cutoff = System.nanoTime() - FORGET_AFTER.toNanos();
        latest.entrySet()
                .removeIf(e -> !watched.containsKey(e.getKey()) && e.getValue().lastUsedNanos() < cutoff);
    }

    /**
     * Computes every waited-on value again in one read of the store (one consistent revision, one
     * turn at the store's lock however many keys are watched), then answers the watchers whose
     * value changed.
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
                watch.waiters.forEach(w -> w.answer.completeExceptionally(failure));
                it.remove();
                continue;
            }
            Entry entry = remember(item.getKey(), new Entry(revision, values.get(item.getKey()), now));
            for (Iterator<Waiter> waiters = watch.waiters.iterator(); waiters.hasNext(); ) {
                Waiter waiter = waiters.next();
                if (waiter.answer.isDone()) {
                    waiters.remove();
                } else if (entry.revision() != waiter.knownRevision) {
                    waiters.remove();
                    waiter.answer.complete(Optional.of(new WatchResult<>(entry.revision(), entry.value())));
                }
            }
            if (watch.waiters.isEmpty()) {
                it.remove();
            }
        }
    }

    private void forget(String key, Waiter waiter) {
        Watched watch = watched.get(key);
        if (watch != null) {
            watch.waiters.remove(waiter);
            if (watch.waiters.isEmpty()) {
                watched.remove(key);
            }
        }
    }
}
