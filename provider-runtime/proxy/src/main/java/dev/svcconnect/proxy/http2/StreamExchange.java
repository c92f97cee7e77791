package dev.svcconnect.proxy.http2;

import dev.svcconnect.proxy.exchange.DeadlineTimer;
import dev.svcconnect.proxy.exchange.RequestLifecycle;
import dev.svcconnect.proxy.exchange.RetryCause;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.lb.Endpoint;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.concurrent.Future;
import java.util.List;

/**
 * One request from an HTTP/2 client stream to an HTTP/2 endpoint stream, forwarded as frames:
 * the client's {@link Http2Headers} go upstream as they are (only {@code :scheme} is set), DATA
 * and trailers follow, and the response comes back the same way. Balancing, retries, the local
 * replies and the metrics are its {@link RequestLifecycle}'s, as on the HTTP/1.1 path.
 * Backpressure: the window of DATA received on one side goes back to its sender only while the
 * other side's stream can send (its HTTP/2 window open, its socket writable), so neither side
 * buffers more than a window.
 */
final class StreamExchange extends RequestLifecycle<Http2DataFrame> {

    private final FrontConnectionHandler owner;
    private final H2Stream front;
    private final Http2UpstreamPool pool;
    private final Http2Headers requestHeaders;
    private Http2Headers requestTrailers;
    private boolean requestComplete;
    private boolean grpc;
    private UpstreamConnectionHandler upstreamConnection;
    private H2Stream upstream;
    private int timeoutSeconds;
    /** When the per-request timeout fires ({@link System#nanoTime()}); 0 for none. */
    private long deadline;

    StreamExchange(
            FrontConnectionHandler owner,
            H2Stream front,
            ListenerState listener,
            Http2UpstreamPool pool,
            Http2HeadersFrame head) {
        super(listener, 1);
        this.owner = owner;
        this.front = front;
        this.pool = pool;
        this.requestHeaders = head.headers();
        this.requestComplete = head.isEndStream();
    }

    void start() {
        grpc = H2Headers.isGrpc(requestHeaders);
        received(grpc);
        if (H2Headers.prepareRequest(requestHeaders)) {
            front.write(new DefaultHttp2HeadersFrame(H2Headers.continueHeaders()));
            front.flush();
        }
        timeoutSeconds = listener.config().perRequestTimeoutSeconds();
        if (timeoutSeconds > 0) {
            long now = System.nanoTime();
            deadline = DeadlineTimer.deadline(now, timeoutSeconds);
            owner.watchDeadline(deadline, now);
        }
        attempt();
    }

    /** When the per-request timeout fires ({@link System#nanoTime()}); 0 when it does not apply. */
    long deadline() {
        return isFinished() ? 0 : deadline;
    }

    void onTimeout() {
        timedOut(timeoutSeconds);
    }

    @Override
    protected Future<Channel> acquire(Endpoint endpoint) {
        return pool.acquireFrameConnection(front.context().channel().eventLoop(), endpoint);
    }

    /** A connection to an endpoint is shared by its streams: there is nothing to give back. */
    @Override
    protected void unused(Channel connection, Endpoint endpoint) {}

    @Override
    protected boolean send(Channel channel) {
        UpstreamConnectionHandler connection = UpstreamConnectionHandler.of(channel);
        if (connection == null || !channel.isActive()) {
            return false;
        }
        upstreamConnection = connection;
        List<Http2DataFrame> pending = pending();
        boolean headersOnly = requestComplete && pending.isEmpty() && requestTrailers == null;
        upstream = connection.open(this, requestHeaders, headersOnly);
        if (upstream == null) {
            return true;
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
        return true;
    }

    void onRequestData(Http2DataFrame frame) {
        front.received(frame.initialFlowControlledBytes());
        requestComplete = frame.isEndStream();
        Http2DataFrame data = new DefaultHttp2DataFrame(frame.content(), frame.isEndStream());
        keepForReplay(data);
        if (upstream != null) {
            upstream.write(data);
            upstream.flush();
            onUpstreamWritable();
        } else {
            pending().add(data);
        }
    }

    void onRequestTrailers(Http2Headers trailers) {
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
        if (!isResponseStarted() && !onResponseHead(frame.headers())) {
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
        if (!isResponseStarted()) {
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
        return responseHead(status);
    }

    private void complete() {
        boolean requestDone = requestComplete;
        dropUpstream(!requestDone);
        finish();
        if (!requestDone) {
            // Answered before the client finished sending: stop the rest of the request.
            front.resetAfterEnd();
        }
    }

    /**
     * The endpoint's stream ended (reset, or its connection closed) before the response ended.
     *
     * @param refused the endpoint did not process the request (REFUSED_STREAM, or left out by its
     *     GOAWAY, as when it closes a connection after so many requests): not the endpoint's
     *     failure, and safe to send again, to the same endpoint too
     */
    void onUpstreamClosed(boolean refused) {
        upstream = null;
        upstreamEnded(refused ? RetryCause.REFUSED : RetryCause.ENDPOINT_FAILED, "stream");
    }

    /**
     * The proxy could not open the endpoint's stream: nothing reached the endpoint and it is not its
     * fault, but the request as it stands cannot go there (say its header list is over the
     * endpoint's limit), so it is answered 502 at once.
     */
    void onOpenFailed(Throwable cause) {
        String why = cause == null || cause.getMessage() == null ? "no stream id left" : cause.getMessage();
        reply(
                HttpResponseStatus.BAD_GATEWAY,
                "could not open a stream to upstream " + endpoint() + " of '"
                        + listener.endpoints().discoveryName() + "': " + why);
    }

    @Override
    protected void abandonFront() {
        front.cancel();
    }

    @Override
    protected void reply(HttpResponseStatus status, String text) {
        boolean requestDone = requestComplete;
        finish();
        if (grpc) {
            H2Headers.writeGrpcLocalReply(front, status, text);
        } else {
            H2Headers.writeLocalReply(front, status, text);
        }
        if (!requestDone) {
            front.resetAfterEnd();
        }
    }

    @Override
    protected void onFinish() {
        owner.exchangeDone(front.frameStream());
    }

    @Override
    protected void dropUpstream() {
        dropUpstream(true);
    }

    private void dropUpstream(boolean cancel) {
        if (upstream != null) {
            upstreamConnection.release(upstream, cancel);
            if (endpoint().isRemoved()) {
                upstreamConnection.closeWhenIdle();
            }
            upstream = null;
        }
    }
}
