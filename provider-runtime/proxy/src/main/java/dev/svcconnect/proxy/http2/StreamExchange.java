package dev.svcconnect.proxy.http2;

import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.lb.Endpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request from an HTTP/2 client stream to an HTTP/2 endpoint stream, forwarded as frames:
 * the client's {@link Http2Headers} go upstream as they are (only {@code :scheme} is set), DATA
 * and trailers follow, and the response comes back the same way. Balancing, retries of a 503 or a
 * failure to connect on another endpoint (while the body seen is within the replay limit), the
 * per-request timeout and the metrics are those of the HTTP/1.1 path. Backpressure: the window of
 * DATA received on one side goes back to its sender only while the other side's stream can send
 * (its HTTP/2 window open, its socket writable), so neither side buffers more than a window.
 */
final class StreamExchange {

    private final FrontConnectionHandler owner;
    private final H2Stream front;
    private final ListenerState listener;
    private final Http2UpstreamPool pool;
    private final Http2Headers requestHeaders;
    private final List<Http2DataFrame> pending = new ArrayList<>(1);
    private List<Http2DataFrame> replay = new ArrayList<>(1);
    private Http2Headers requestTrailers;
    private int replayBytes;
    private Set<Endpoint> tried = Set.of();
    private boolean requestComplete;
    private int attempts;
    private Endpoint endpoint;
    private boolean attemptActive;
    private UpstreamConnectionHandler upstreamConnection;
    private H2Stream upstream;
    private boolean responseStarted;
    private boolean finished;
    private boolean retryHeld;
    private long attemptStartNanos;
    private ScheduledFuture<?> timeout;

    StreamExchange(FrontConnectionHandler owner, H2Stream front, ListenerState listener, Http2UpstreamPool pool,
            Http2HeadersFrame head) {
        this.owner = owner;
        this.front = front;
        this.listener = listener;
        this.pool = pool;
        this.requestHeaders = head.headers();
        this.requestComplete = head.isEndStream();
    }

    void start() {
        listener.activeRequests().incrementAndGet();
        listener.metrics().requestReceived(H2Headers.isGrpc(requestHeaders));
        if (H2Headers.prepareRequest(requestHeaders)) {
            front.write(new DefaultHttp2HeadersFrame(H2Headers.continueHeaders()));
            front.flush();
        }
        int timeoutSeconds = listener.config().perRequestTimeoutSeconds();
        if (timeoutSeconds > 0) {
            timeout = front.context().executor().schedule(() -> onTimeout(timeoutSeconds), timeoutSeconds,
                    TimeUnit.SECONDS);
        }
        attempt();
    }

    private void attempt() {
        Endpoint next = listener.endpoints().pick(tried);
        if (next == null) {
            reply(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "no healthy endpoint for discovery name '" + listener.endpoints().discoveryName() + "'");
            return;
        }
        endpoint = next;
        if (tried.isEmpty()) {
            tried = Set.of(next);
        } else {
            Set<Endpoint> more = new HashSet<>(tried);
            more.add(next);
            tried = more;
        }
        attempts++;
        attemptActive = true;
        next.requestStarted();
        Future<Channel> acquired = pool.acquireFrameConnection(front.context().channel().eventLoop(), next);
        if (acquired.isDone()) {
            onAcquired(acquired, next);
        } else {
            acquired.addListener(f -> onAcquired(acquired, next));
        }
    }

    private void onAcquired(Future<Channel> acquired, Endpoint target) {
        if (finished || target != endpoint) {
            return;
        }
        UpstreamConnectionHandler connection = acquired.isSuccess() ? UpstreamConnectionHandler.of(acquired.getNow()) : null;
        if (connection == null || !acquired.getNow().isActive()) {
            endAttempt();
            listener.endpoints().recordFailure(target);
            if (!retry(false)) {
                reply(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream connect error: "
                        + listener.endpoints().discoveryName() + " endpoint " + target + " refused or timed out");
            }
            return;
        }
        upstreamConnection = connection;
        attemptStartNanos = System.nanoTime();
        boolean headersOnly = requestComplete && pending.isEmpty() && requestTrailers == null;
        upstream = connection.open(this, requestHeaders, headersOnly);
        if (upstream == null) {
            onUpstreamClosed(true);
            return;
        }
        for (Http2DataFrame data : pending) {
            upstream.write(data);
        }
        pending.clear();
        if (requestTrailers != null) {
            upstream.write(new DefaultHttp2HeadersFrame(requestTrailers, true));
        }
        upstream.flush();
        onUpstreamWritable();
    }

    void onRequestData(Http2DataFrame frame) {
        front.received(frame.initialFlowControlledBytes());
        if (finished) {
            frame.release();
            front.returnWindow();
            return;
        }
        requestComplete = frame.isEndStream();
        Http2DataFrame data = new DefaultHttp2DataFrame(frame.content(), frame.isEndStream());
        if (replay != null) {
            int size = data.content().readableBytes();
            if (replayBytes + size <= listener.retryPolicy().maxBufferedBodyBytes()) {
                replay.add(data.retainedDuplicate());
                replayBytes += size;
            } else {
                releaseReplay();
            }
        }
        if (upstream != null) {
            upstream.write(data);
            upstream.flush();
            onUpstreamWritable();
        } else {
            pending.add(data);
        }
    }

    void onRequestTrailers(Http2Headers trailers) {
        if (finished) {
            return;
        }
        requestComplete = true;
        requestTrailers = trailers;
        if (upstream != null) {
            upstream.write(new DefaultHttp2HeadersFrame(trailers, true));
            upstream.flush();
        }
    }

    /** The endpoint's stream can take more: let the client send more of the request. */
    void onUpstreamWritable() {
        if (upstream != null && upstream.isWritable()) {
            front.returnWindow();
        }
    }

    /** The client's stream can take more: let the endpoint send more of the response. */
    void onFrontWritable() {
        if (upstream != null && front.isWritable()) {
            upstream.returnWindow();
        }
    }

    void onResponseHeaders(Http2HeadersFrame frame) {
        if (!responseStarted && !onResponseHead(frame.headers())) {
            return;
        }
        front.write(new DefaultHttp2HeadersFrame(frame.headers(), frame.isEndStream()));
        front.flush();
        if (frame.isEndStream()) {
            complete();
        }
    }

    void onResponseData(Http2DataFrame frame) {
        upstream.received(frame.initialFlowControlledBytes());
        if (!responseStarted) {
            frame.release();
            upstream.returnWindow();
            return;
        }
        front.write(new DefaultHttp2DataFrame(frame.content(), frame.isEndStream()));
        front.flush();
        if (frame.isEndStream()) {
            complete();
        } else {
            onFrontWritable();
        }
    }

    /** Returns whether the response is forwarded (false: interim, or retried elsewhere). */
    private boolean onResponseHead(Http2Headers headers) {
        int status = H2Headers.status(headers);
        if (status >= 100 && status < 200) {
            return false;
        }
        listener.metrics().targetResponded(status, System.nanoTime() - attemptStartNanos);
        if (status >= 500) {
            listener.endpoints().recordFailure(endpoint);
        } else {
            listener.endpoints().recordSuccess(endpoint);
        }
        if (listener.retryPolicy().isRetryableStatus(status) && retry(false)) {
            return false;
        }
        responseStarted = true;
        releaseReplay();
        return true;
    }

    private void complete() {
        boolean requestDone = requestComplete;
        dropUpstream(!requestDone);
        finish();
        if (!requestDone) {
            // Answered before the client finished sending: stop the rest of the request.
            front.cancel();
        }
    }

    /**
     * Whether the request was sent again; if so, the current stream is given up.
     *
     * @param refused the endpoint refused the stream unprocessed: the same endpoint may take it
     *     again, and the retry budget (which protects struggling endpoints) is not charged
     */
    private boolean retry(boolean refused) {
        if (finished || replay == null || attempts > listener.retryPolicy().maxRetries()
                || !refused && !listener.endpoints().hasUntried(tried)) {
            return false;
        }
        if (!retryHeld && !refused) {
            if (!listener.retryBudget().tryAcquire(listener.activeRequests().get())) {
                return false;
            }
            retryHeld = true;
        }
        dropUpstream(true);
        endAttempt();
        pending.forEach(Http2DataFrame::release);
        pending.clear();
        for (Http2DataFrame data : replay) {
            pending.add(data.retainedDuplicate());
        }
        attempt();
        return true;
    }

    /**
     * The endpoint's stream ended (reset, or its connection closed) before the response ended.
     *
     * @param refused the endpoint did not process the request (REFUSED_STREAM, or left out by its
     *     GOAWAY, as when it closes a connection after so many requests): not the endpoint's
     *     failure, and safe to send again, to the same endpoint too
     */
    void onUpstreamClosed(boolean refused) {
        if (finished) {
            return;
        }
        upstream = null;
        if (!responseStarted) {
            endAttempt();
            if (!refused) {
                listener.endpoints().recordFailure(endpoint);
            }
            if (!retry(refused)) {
                reply(HttpResponseStatus.BAD_GATEWAY, "upstream " + endpoint + " of '"
                        + listener.endpoints().discoveryName() + "' closed the stream before responding");
            }
            return;
        }
        finish();
        front.cancel();
    }

    private void onTimeout(int seconds) {
        if (finished) {
            return;
        }
        if (!responseStarted) {
            reply(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout: no response from '"
                    + listener.endpoints().discoveryName() + "' within " + seconds + " s");
            return;
        }
        finish();
        front.cancel();
    }

    /** The client reset its stream or went away: give up the upstream stream. */
    void abort() {
        if (!finished) {
            finish();
        }
    }

    /** Answers the client from the proxy itself. */
    private void reply(HttpResponseStatus status, String text) {
        boolean requestDone = requestComplete;
        finish();
        H2Headers.writeLocalReply(front, status, text);
        if (!requestDone) {
            front.cancel();
        }
    }

    private void finish() {
        finished = true;
        owner.exchangeDone(front.frameStream());
        if (timeout != null) {
            timeout.cancel(false);
        }
        endAttempt();
        dropUpstream(true);
        pending.forEach(Http2DataFrame::release);
        pending.clear();
        releaseReplay();
        if (retryHeld) {
            listener.retryBudget().release();
            retryHeld = false;
        }
        listener.activeRequests().decrementAndGet();
    }

    private void dropUpstream(boolean cancel) {
        if (upstream != null) {
            upstreamConnection.release(upstream, cancel);
            if (endpoint.isRemoved()) {
                upstreamConnection.closeWhenIdle();
            }
            upstream = null;
        }
    }

    private void endAttempt() {
        if (attemptActive) {
            attemptActive = false;
            endpoint.requestEnded();
        }
    }

    private void releaseReplay() {
        if (replay != null) {
            replay.forEach(Http2DataFrame::release);
            replay = null;
        }
    }
}
