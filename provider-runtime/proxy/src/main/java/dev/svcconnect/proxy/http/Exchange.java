package dev.svcconnect.proxy.http;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.internal.ListenerState;
import dev.svcconnect.proxy.lb.Endpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request through the proxy, on its client's event loop: picks an endpoint, takes an upstream
 * lane, streams the request and the response with backpressure, and on a 503 or a failure to
 * connect retries on another endpoint while the body seen so far is still kept. Ends in exactly
 * one of: the response forwarded, a local reply (502, 503, 504), or an abort. A small message
 * goes out as one write: a request head with its only content, and a response head with its last
 * content when both came in one read.
 */
final class Exchange {

    private final HttpExchangeHandler owner;
    private final ChannelHandlerContext front;
    private final ListenerState listener;
    private final HttpRequest request;
    private final boolean http2Front;
    private final boolean keepAlive;
    private final boolean webSocket;
    private final List<HttpContent> pending = new ArrayList<>(2);
    /** The body kept for a retry (created with its first content); {@link #replayLost} once it went past the limit. */
    private List<HttpContent> replay;
    private boolean replayLost;
    private int replayBytes;
    /** The endpoints of the earlier attempts (the current one is added when it is retried). */
    private Set<Endpoint> tried = Set.of();
    private boolean requestComplete;
    private int attempts;
    private Endpoint endpoint;
    private boolean attemptActive;
    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private boolean upstreamReady;
    private boolean upstreamKeepAlive;
    private boolean laneReused;
    private boolean responseStarted;
    private boolean closeFrontAfter;
    private boolean finished;
    private boolean retryHeld;
    private long attemptStartNanos;
    private int timeoutSeconds;
    /** When the per-request timeout fires ({@link System#nanoTime()}); 0 for none. */
    private long deadline;
    /** A response head not written yet: it waits for its last content in the same read, to go out as one message. */
    private HttpResponse heldHead;

    Exchange(HttpExchangeHandler owner, ChannelHandlerContext front, ListenerState listener, HttpRequest request,
            boolean http2Front) {
        this.owner = owner;
        this.front = front;
        this.listener = listener;
        this.request = request;
        this.http2Front = http2Front;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.webSocket = !http2Front && HopByHop.isWebSocketUpgrade(request.headers());
    }

    boolean isRequestComplete() {
        return requestComplete;
    }

    void start() {
        listener.activeRequests().incrementAndGet();
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        listener.metrics().requestReceived(contentType != null && contentType.startsWith("application/grpc"));
        HopByHop.strip(request.headers(), webSocket);
        if (listener.config().protocol() == Protocol.HTTP) {
            HopByHop.stripHttp2Extensions(request.headers());
        } else {
            request.headers().set(ExtensionHeaderNames.SCHEME.text(), "http");
        }
        timeoutSeconds = listener.config().perRequestTimeoutSeconds();
        if (timeoutSeconds > 0 && !webSocket) {
            long now = System.nanoTime();
            deadline = now + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            if (deadline == 0) {
                deadline = 1;
            }
            owner.watchDeadline(deadline, now);
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
        attempts++;
        attemptActive = true;
        next.requestStarted();
        Future<Channel> acquired = listener.upstreams().acquire(front.channel().eventLoop(), next);
        if (acquired.isDone()) {
            onAcquired(acquired, next);
        } else {
            acquired.addListener(f -> onAcquired(acquired, next));
        }
    }

    private void onAcquired(Future<Channel> acquired, Endpoint target) {
        if (finished || target != endpoint) {
            if (acquired.isSuccess()) {
                listener.upstreams().release(acquired.getNow(), target, false);
            }
            return;
        }
        if (!acquired.isSuccess()) {
            endAttempt();
            listener.endpoints().recordFailure(target);
            if (!retry(false)) {
                reply(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream connect error: "
                        + listener.endpoints().discoveryName() + " endpoint " + target + " refused or timed out");
            }
            return;
        }
        upstream = acquired.getNow();
        UpstreamHandler handler = UpstreamHandler.of(upstream);
        upstreamHandler = handler;
        handler.attach(this);
        laneReused = handler.isReused();
        upstreamReady = true;
        handler.requestMethod(request.method());
        attemptStartNanos = System.nanoTime();
        if (pending.size() == 1 && pending.get(0) instanceof LastHttpContent last) {
            upstream.write(new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    last.content(), request.headers(), last.trailingHeaders()), upstream.voidPromise());
        } else {
            upstream.write(request, upstream.voidPromise());
            for (HttpContent content : pending) {
                upstream.write(content, upstream.voidPromise());
            }
        }
        pending.clear();
        upstream.flush();
        upstream.read();
        if (!requestComplete) {
            front.read();
        }
    }

    void onRequestContent(HttpContent content) {
        if (finished) {
            content.release();
            return;
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (!replayLost) {
            int size = content.content().readableBytes();
            if (replayBytes + size <= listener.retryPolicy().maxBufferedBodyBytes()) {
                if (replay == null) {
                    replay = new ArrayList<>(2);
                }
                replay.add(content.retainedDuplicate());
                replayBytes += size;
            } else {
                releaseReplay();
            }
        }
        if (upstreamReady) {
            upstream.write(content, upstream.voidPromise());
        } else {
            pending.add(content);
        }
    }

    void onFrontReadComplete() {
        if (upstreamReady) {
            upstream.flush();
            if (!requestComplete && upstream.isWritable()) {
                front.read();
            }
        }
    }

    void onUpstreamWritable() {
        if (upstreamReady && !requestComplete && upstream.isWritable()) {
            front.read();
        }
    }

    void onFrontWritable() {
        if (upstreamReady && front.channel().isWritable()) {
            upstream.read();
        }
    }

    void onUpstreamReadComplete() {
        writeHeldHead();
        front.flush();
        if (front.channel().isWritable()) {
            upstream.read();
        }
    }

    void onResponse(HttpObject msg) {
        if (!responseStarted && msg instanceof HttpResponse response && !onResponseHead(response)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LastHttpContent last) {
            HttpResponse head = heldHead;
            heldHead = null;
            complete(head == null ? last : new DefaultFullHttpResponse(head.protocolVersion(), head.status(),
                    last.content(), head.headers(), last.trailingHeaders()));
        } else if (msg instanceof HttpResponse head) {
            heldHead = head;
        } else {
            writeHeldHead();
            front.write(msg, front.voidPromise());
        }
    }

    private void writeHeldHead() {
        if (heldHead != null) {
            front.write(heldHead, front.voidPromise());
            heldHead = null;
        }
    }

    /** Returns whether the response is forwarded (false: interim, or retried elsewhere). */
    private boolean onResponseHead(HttpResponse response) {
        int status = response.status().code();
        if (status < 200 && status != 101) {
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
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        if (status == 101 && webSocket) {
            HopByHop.stripHttp2Extensions(response.headers());
            WebSocketTunnel.open(this, front, upstream, response);
            return false;
        }
        if (!http2Front) {
            prepareHttp1Response(response);
        }
        return true;
    }

    private void prepareHttp1Response(HttpResponse response) {
        HopByHop.strip(response.headers(), false);
        HopByHop.stripHttp2Extensions(response.headers());
        closeFrontAfter = !keepAlive || listener.isDraining();
        if (closeFrontAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().minorVersion() == 0) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (response instanceof FullHttpResponse full) {
            if (!HttpUtil.isContentLengthSet(full) && !HttpUtil.isTransferEncodingChunked(full)) {
                HttpUtil.setContentLength(full, full.content().readableBytes());
            }
        } else if (!HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)
                && mayHaveBody(response)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        response.setProtocolVersion(request.protocolVersion());
    }

    private boolean mayHaveBody(HttpResponse response) {
        int status = response.status().code();
        return status != 204 && status != 304 && status >= 200 && !HttpMethod.HEAD.equals(request.method());
    }

    private void complete(HttpObject last) {
        boolean keepFront = !http2Front && !closeFrontAfter && requestComplete;
        Channel lane = upstream;
        upstreamHandler.detach();
        upstream = null;
        finish();
        listener.upstreams().release(lane, endpoint, requestComplete && upstreamKeepAlive);
        if (http2Front || keepFront) {
            front.writeAndFlush(last, front.voidPromise());
        } else {
            front.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
        owner.exchangeDone(this, keepFront);
    }

    /**
     * Whether the request was sent again; if so, the current lane is given up.
     *
     * @param sameEndpointAllowed the failure was a pooled connection that the endpoint had closed
     *     (a keep-alive race, not the endpoint's fault), so the same endpoint may take the retry
     */
    private boolean retry(boolean sameEndpointAllowed) {
        if (finished || replayLost || attempts > listener.retryPolicy().maxRetries()) {
            return false;
        }
        Set<Endpoint> triedNow = withEndpoint(tried, endpoint);
        if (!sameEndpointAllowed && !listener.endpoints().hasUntried(triedNow)) {
            return false;
        }
        if (!retryHeld) {
            if (!listener.retryBudget().tryAcquire(listener.activeRequests().get())) {
                return false;
            }
            retryHeld = true;
        }
        dropUpstream();
        endAttempt();
        tried = triedNow;
        pending.forEach(HttpContent::release);
        pending.clear();
        if (replay != null) {
            for (HttpContent content : replay) {
                pending.add(content.retainedDuplicate());
            }
        }
        attempt();
        return true;
    }

    private static Set<Endpoint> withEndpoint(Set<Endpoint> endpoints, Endpoint added) {
        if (endpoints.isEmpty()) {
            return Set.of(added);
        }
        Set<Endpoint> more = new HashSet<>(endpoints);
        more.add(added);
        return more;
    }

    void onUpstreamClosed() {
        if (finished) {
            return;
        }
        upstream = null;
        upstreamReady = false;
        if (!responseStarted) {
            endAttempt();
            if (!laneReused) {
                listener.endpoints().recordFailure(endpoint);
            }
            if (!retry(laneReused)) {
                reply(HttpResponseStatus.BAD_GATEWAY, "upstream " + endpoint + " of '"
                        + listener.endpoints().discoveryName() + "' closed the connection before responding");
            }
            return;
        }
        finish();
        front.close();
        owner.exchangeDone(this, false);
    }

    /** When the per-request timeout fires ({@link System#nanoTime()}); 0 when it does not apply. */
    long deadline() {
        return finished ? 0 : deadline;
    }

    void onTimeout() {
        if (finished) {
            return;
        }
        if (!responseStarted) {
            reply(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout: no response from '"
                    + listener.endpoints().discoveryName() + "' within " + timeoutSeconds + " s");
            return;
        }
        finish();
        front.close();
        owner.exchangeDone(this, false);
    }

    /** The client went away: give up the upstream lane. */
    void abort() {
        if (!finished) {
            finish();
        }
    }

    /** Answers the client from the proxy itself. */
    private void reply(HttpResponseStatus status, String text) {
        finish();
        FullHttpResponse response = LocalResponses.of(front.alloc(), status, text);
        boolean keepFront = !http2Front && keepAlive && requestComplete && !listener.isDraining();
        if (http2Front) {
            front.writeAndFlush(response, front.voidPromise());
        } else if (keepFront) {
            front.writeAndFlush(response, front.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            front.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        owner.exchangeDone(this, keepFront);
    }

    /** The tunnel took over both connections after a 101. */
    void handedOver() {
        upstream = null;
        upstreamReady = false;
        finish();
        owner.exchangeDone(this, false);
    }

    private void finish() {
        finished = true;
        heldHead = null;
        endAttempt();
        dropUpstream();
        pending.forEach(HttpContent::release);
        pending.clear();
        releaseReplay();
        if (retryHeld) {
            listener.retryBudget().release();
            retryHeld = false;
        }
        listener.activeRequests().decrementAndGet();
    }

    private void dropUpstream() {
        if (upstream != null) {
            upstreamHandler.detach();
            listener.upstreams().release(upstream, endpoint, false);
            upstream = null;
        }
        upstreamReady = false;
    }

    private void endAttempt() {
        if (attemptActive) {
            attemptActive = false;
            endpoint.requestEnded();
        }
    }

    private void releaseReplay() {
        replayLost = true;
        if (replay != null) {
            replay.forEach(HttpContent::release);
            replay = null;
        }
    }
}
