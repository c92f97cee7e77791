package dev.svcconnect.sample.appserver;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.appserver.store.ItemStore;
import dev.svcconnect.sample.items.v1.Item;
import dev.svcconnect.sample.items.v1.WatchItemsRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open {@code WatchItems} streams. Each polls the db (so it sees items added through any
 * appserver task), sends only while the client keeps up, and completes when caught up (without
 * follow), when the client cancels, or when the server stops.
 */
final class ItemWatches implements AutoCloseable {

    private static final int BATCH = 100;

    private final ItemStore store;
    private final Duration pollInterval;
    private final ScheduledExecutorService poller;
    private final Set<Watch> open = ConcurrentHashMap.newKeySet();

    ItemWatches(ItemStore store, Duration pollInterval) {
        this.store = requireNonNull(store, "store");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval");
        this.poller = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "item-watches");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts streaming items for {@code request} to {@code observer}. */
    void start(WatchItemsRequest request, ServerCallStreamObserver<Item> observer) {
        Watch watch = new Watch(request.getAfterId(), request.getFollow(), observer);
        open.add(watch);
        observer.setOnCancelHandler(watch::cancelled);
        watch.scheduled(poller.scheduleWithFixedDelay(watch::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Completes every open stream and stops polling. */
    @Override
    public void close() {
        for (Watch watch : open) {
            watch.finish(null);
        }
        poller.shutdownNow();
    }

    private final class Watch {
        private final boolean follow;
        private final ServerCallStreamObserver<Item> observer;
        private long afterId;
        private boolean done;
        private ScheduledFuture<?> future;

        Watch(long afterId, boolean follow, ServerCallStreamObserver<Item> observer) {
            this.afterId = afterId;
            this.follow = follow;
            this.observer = observer;
        }

        synchronized void scheduled(ScheduledFuture<?> polling) {
            future = polling;
            if (done) {
                polling.cancel(false);
            }
        }

        synchronized void poll() {
            if (done || !observer.isReady()) {
                return;
            }
            try {
                List<Item> batch;
                do {
                    batch = store.after(afterId, BATCH);
                    for (Item item : batch) {
                        observer.onNext(item);
                        afterId = item.getId();
                    }
                } while (batch.size() == BATCH && observer.isReady());
                if (!follow && batch.size() < BATCH) {
                    finish(null);
                }
            } catch (SQLException e) {
                finish(Status.UNAVAILABLE.withDescription("database error: " + e.getMessage()));
            }
        }

        synchronized void cancelled() {
            done = true;
            stopPolling();
        }

        synchronized void finish(Status error) {
            if (done) {
                return;
            }
            done = true;
            stopPolling();
            if (error == null) {
                observer.onCompleted();
            } else {
                observer.onError(error.asRuntimeException());
            }
        }

        private void stopPolling() {
            open.remove(this);
            if (future != null) {
                future.cancel(false);
            }
        }
    }
}
