package dev.svcconnect.proxy.exchange;

import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.lb.Endpoint;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of one request through the proxy that does not depend on its framing, on its client's
 * event loop: the endpoint of each attempt (none tried before, while one is left), the retry
 * decision (policy, budget, replay limit), the body kept for a replay and the body waiting for an
 * upstream, the local replies (503 without an endpoint or a connection, 502 when the endpoint
 * closes first, 504 on the per-request timeout), and the accounting when it ends: active requests,
 * the retry budget, least-request counts, the outlier detector and the target metrics. A subclass
 * (one per protocol, and one object per request: this is its base class, not a helper it
 * allocates) moves the bytes and answers the hooks.
 *
 * @param <B> the protocol's unit of request body
 */
public abstract class RequestLifecycle<B extends ByteBufHolder> {

    /** The listener the request came in on. */
    protected final ListenerState listener;

    private final List<B> pending;
    /** The body kept for a retry (created with its first content); {@link #replayLost} once it went past the limit. */
    private List<B> replay;

    private boolean replayLost;
    private int replayBytes;
    /** The endpoints of the earlier attempts (the current one is added when it is retried). */
    private Set<Endpoint> tried = Set.of();

    private int attempts;
    private Endpoint endpoint;
    private boolean attemptActive;
    private boolean responseStarted;
    private boolean finished;
    private boolean retryHeld;
    private long attemptStartNanos;

    /**
     * @param pendingCapacity how many body pieces usually wait for the upstream (the initial size
     *     of that list)
     */
    protected RequestLifecycle(ListenerState listener, int pendingCapacity) {
        this.listener = listener;
        this.pending = new ArrayList<>(pendingCapacity);
    }

    /** Counts the request in; the subclass then prepares it and calls {@link #attempt()}. */
    protected final void received(boolean grpc) {
        listener.activeRequests().incrementAndGet();
        listener.metrics().requestReceived(grpc);
    }

    /** Starts an attempt on an endpoint not tried yet (any when all were), or answers 503 without one. */
    protected final void attempt() {
        Endpoint next = listener.endpoints().pick(tried);
        if (next == null) {
            reply(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "no healthy endpoint for discovery name '"
                            + listener.endpoints().discoveryName() + "'");
            return;
        }
        endpoint = next;
        attempts++;
        attemptActive = true;
        next.requestStarted();
        Future<Channel> acquired = acquire(next);
        if (acquired.isDone()) {
            onAcquired(acquired, next);
        } else {
            acquired.addListener(f -> onAcquired(acquired, next));
        }
    }

    private void onAcquired(Future<Channel> acquired, Endpoint target) {
        if (finished || target != endpoint) {
            if (acquired.isSuccess()) {
                unused(acquired.getNow(), target);
            }
            return;
        }
        if (acquired.isSuccess()) {
            attemptStartNanos = System.nanoTime();
            if (send(acquired.getNow())) {
                return;
            }
        }
        endAttempt();
        listener.endpoints().recordFailure(target);
        if (!retry(RetryCause.ENDPOINT_FAILED)) {
            reply(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "upstream connect error: " + listener.endpoints().discoveryName() + " endpoint " + target
                            + " refused or timed out");
        }
    }

    /** Takes a connection to {@code endpoint} (pooled or new) on the client's event loop. */
    protected abstract Future<Channel> acquire(Endpoint endpoint);

    /** A connection acquired for an attempt that is over: give it back. */
    protected abstract void unused(Channel connection, Endpoint endpoint);

    /**
     * Sends the request head and the body so far ({@link #pending()}) on an acquired connection.
     *
     * @return false when the connection cannot carry it (a connect failure)
     */
    protected abstract boolean send(Channel connection);

    /**
     * A piece of the request body came in: keeps a copy for a retry while the body stays within
     * the replay limit (then gives the copy up for good). The caller forwards or holds it.
     */
    protected final void keepForReplay(B content) {
        if (!replayLost) {
            int size = content.content().readableBytes();
            if (replayBytes + size <= listener.retryPolicy().maxBufferedBodyBytes()) {
                if (replay == null) {
                    replay = new ArrayList<>(2);
                }
                replay.add(retained(content));
                replayBytes += size;
            } else {
                releaseReplay();
            }
        }
    }

    /** The body that waits for the next attempt's connection. */
    protected final List<B> pending() {
        return pending;
    }

    /**
     * The final response head of the current attempt came in: counts it (metrics, outlier
     * detection) and retries a retryable status elsewhere if it may.
     *
     * @return whether the response is forwarded (false: retried elsewhere)
     */
    protected final boolean responseHead(int status) {
        listener.metrics().targetResponded(status, System.nanoTime() - attemptStartNanos);
        if (status >= 500) {
            listener.endpoints().recordFailure(endpoint);
        } else {
            listener.endpoints().recordSuccess(endpoint);
        }
        if (listener.retryPolicy().isRetryableStatus(status) && retry(RetryCause.ENDPOINT_FAILED)) {
            return false;
        }
        responseStarted = true;
        releaseReplay();
        return true;
    }

    /**
     * Whether the request was sent again; if so, the current upstream is given up. It is not
     * when the request is over, its body went past the replay limit, the retries are used up, no
     * endpoint is left to try (unless {@code cause} allows the same one) or the budget is spent.
     */
    protected final boolean retry(RetryCause cause) {
        if (finished || replayLost || attempts > listener.retryPolicy().maxRetries()) {
            return false;
        }
        Set<Endpoint> triedNow = withEndpoint(tried, endpoint);
        if (!cause.sameEndpointAllowed() && !listener.endpoints().hasUntried(triedNow)) {
            return false;
        }
        if (!retryHeld && cause.budgeted()) {
            if (!listener.retryBudget().tryAcquire(listener.activeRequests().get())) {
                return false;
            }
            retryHeld = true;
        }
        dropUpstream();
        endAttempt();
        tried = triedNow;
        releasePending();
        if (replay != null) {
            for (B content : replay) {
                pending.add(retained(content));
            }
        }
        attempt();
        return true;
    }

    @SuppressWarnings("unchecked")
    private B retained(B content) {
        return (B) content.retainedDuplicate();
    }

    private static Set<Endpoint> withEndpoint(Set<Endpoint> endpoints, Endpoint added) {
        if (endpoints.isEmpty()) {
            return Set.of(added);
        }
        Set<Endpoint> more = new HashSet<>(endpoints);
        more.add(added);
        return more;
    }

    /**
     * The upstream went away before the response ended (the subclass has forgotten it): before
     * the response started, retries or answers 502; after, ends the request and abandons the client.
     *
     * @param what what closed, for the 502 ("connection", "stream")
     */
    protected final void upstreamEnded(RetryCause cause, String what) {
        if (finished) {
            return;
        }
        if (!responseStarted) {
            endAttempt();
            if (cause.endpointsFault()) {
                listener.endpoints().recordFailure(endpoint);
            }
            if (!retry(cause)) {
                reply(
                        HttpResponseStatus.BAD_GATEWAY,
                        "upstream " + endpoint + " of '" + listener.endpoints().discoveryName() + "' closed the " + what
                                + " before responding");
            }
            return;
        }
        finish();
        abandonFront();
    }

    /**
     * The per-request timeout of {@code seconds} fired: 504 before the response started, else
     * abandon. A timeout counts as a failure of the endpoint, as a 5xx does: a slow or black-holed
     * endpoint (whose pooled connections still take requests) is ejected rather than chosen again
     * for every n-th request.
     */
    protected final void timedOut(int seconds) {
        if (finished) {
            return;
        }
        if (!responseStarted) {
            if (endpoint != null) {
                listener.endpoints().recordFailure(endpoint);
            }
            reply(
                    HttpResponseStatus.GATEWAY_TIMEOUT,
                    "upstream request timeout: no response from '"
                            + listener.endpoints().discoveryName() + "' within " + seconds + " s");
            return;
        }
        finish();
        abandonFront();
    }

    /** The client went away: give up the upstream. */
    public final void abort() {
        if (!finished) {
            finish();
        }
    }

    /** Answers the client from the proxy itself (after {@link #finish()}). */
    protected abstract void reply(HttpResponseStatus status, String text);

    /** The response was cut short: end the client's side of it (after {@link #finish()}). */
    protected abstract void abandonFront();

    /** Gives up the current attempt's upstream, if any (a cancel where the protocol has one). */
    protected abstract void dropUpstream();

    /** What the subclass lets go of when the request ends (first thing in {@link #finish()}). */
    protected abstract void onFinish();

    /** Ends the request: its upstream, its body, its retry budget token and its counts. */
    protected final void finish() {
        finished = true;
        onFinish();
        endAttempt();
        dropUpstream();
        releasePending();
        releaseReplay();
        if (retryHeld) {
            listener.retryBudget().release();
            retryHeld = false;
        }
        listener.activeRequests().decrementAndGet();
    }

    /** Ends the current attempt's least-request count. */
    protected final void endAttempt() {
        if (attemptActive) {
            attemptActive = false;
            endpoint.requestEnded();
        }
    }

    private void releasePending() {
        pending.forEach(ReferenceCounted::release);
        pending.clear();
    }

    private void releaseReplay() {
        replayLost = true;
        if (replay != null) {
            replay.forEach(ReferenceCounted::release);
            replay = null;
        }
    }

    protected final boolean isFinished() {
        return finished;
    }

    protected final boolean isResponseStarted() {
        return responseStarted;
    }

    /** The endpoint of the current (or last) attempt. */
    protected final Endpoint endpoint() {
        return endpoint;
    }
}
