package dev.svcconnect.agent.host;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines of one streamed watch answer, handed from the HTTP client's threads to the thread
 * that follows the watch; an answer that is not a stream is read whole instead. Its items are
 * lines (heartbeats, the empty ones, are dropped here) and, last, an {@link End}.
 */
final class WatchLines implements Flow.Subscriber<String> {

    /** The answer is over: {@code error} when it failed. */
    record End(Throwable error) {}

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /** A stream's lines come here; any other answer is read whole. */
    HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
        boolean stream = info.statusCode() == 200
                && info.headers()
                        .firstValue("Content-Type")
                        .filter(type -> type.startsWith("application/x-ndjson"))
                        .isPresent();
        items.add(""); // the head arrived: a sign of life
        return stream
                ? HttpResponse.BodySubscribers.fromLineSubscriber(this, lines -> null, StandardCharsets.UTF_8, "\n")
                : HttpResponse.BodySubscribers.ofByteArray();
    }

    /** The next line or {@link End}, skipping heartbeats; null when nothing came within {@code silence}. */
    Object next(Duration silence) throws InterruptedException {
        while (true) {
            Object item = items.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
            if (!(item instanceof String line) || !line.isBlank()) {
                return item;
            }
        }
    }

    void end(Throwable error) {
        items.add(new End(error));
    }

    /** Closes the stream's connection. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        items.add(line);
    }

    @Override
    public void onError(Throwable error) {
        // the answer's future fails too: its End carries the error
    }

    @Override
    public void onComplete() {
        // the answer's future completes too: its End follows
    }
}
