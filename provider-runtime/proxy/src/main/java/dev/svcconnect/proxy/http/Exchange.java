package dev.svcconnect.proxy.http;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.exchange.DeadlineTimer;
import dev.svcconnect.proxy.exchange.RequestLifecycle;
import dev.svcconnect.proxy.exchange.RetryCause;
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
import java.util.List;

/**
 * One HTTP/1.1 request through the proxy, on its client's event loop: takes an upstream lane for
 * each attempt its {@link RequestLifecycle} starts, and streams the request and the response with
 * backpressure. Ends in exactly one of: the response forwarded, a local reply (502, 503, 504), or
 * an abort. A small message goes out as one write: a request head with its only content, and a
 * response head with its last content when both came in one read.
 */
final class Exchange extends RequestLifecycle<HttpContent> {

    private final HttpExchangeHandler owner;
    private final ChannelHandlerContext front;
    private final HttpRequest request;
    private final boolean http2Front;
    private final boolean keepAlive;
    private final boolean webSocket;
    private boolean requestComplete;
    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private boolean upstreamReady;
    private boolean upstreamKeepAlive;
    private boolean laneReused;
    private boolean closeFrontAfter;
    private int timeoutSeconds;
    /** When the per-request timeout fires ({@link System#nanoTime()}); 0 for none. */
    private long deadline;
    /** A response head not written yet: it waits for its last content in the same read, to go out as one message. */
    private HttpResponse heldHead;

    Exchange(
            HttpExchangeHandler owner,
            ChannelHandlerContext front,
            ListenerState listener,
            HttpRequest request,
            boolean http2Front) {
        super(listener, 2);
        this.owner = owner;
        this.front = front;
        this.request = request;
        this.http2Front = http2Front;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.webSocket = !http2Front && HopByHop.isWebSocketUpgrade(request.headers());
    }

    boolean isRequestComplete() {
        return requestComplete;
    }

    void start() {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        received(contentType != null && contentType.startsWith("application/grpc"));
        HopByHop.strip(request.headers(), webSocket);
        if (listener.config().protocol() == Protocol.HTTP) {
            HopByHop.stripHttp2Extensions(request.headers());
        } else {
            request.headers().set(ExtensionHeaderNames.SCHEME.text(), "http");
        }
        timeoutSeconds = listener.config().perRequestTimeoutSeconds();
        if (timeoutSeconds > 0 && !webSocket) {
            long now = System.nanoTime();
            deadline = DeadlineTimer.deadline(now, timeoutSeconds);
            owner.watchDeadline(deadline, now);
        }
        attempt();
    }

    @Override
    protected Future<Channel> acquire(Endpoint endpoint) {
        return listener.upstreams().acquire(front.channel().eventLoop(), endpoint);
    }

    @Override
    protected void unused(Channel lane, Endpoint endpoint) {
        listener.upstreams().release(lane, endpoint, false);
    }

    @Override
    protected boolean send(Channel lane) {
        upstream = lane;
        UpstreamHandler handler = UpstreamHandler.of(upstream);
        upstreamHandler = handler;
        handler.attach(this);
        laneReused = handler.isReused();
        upstreamReady = true;
        handler.requestMethod(request.method());
        List<HttpContent> pending = pending();
        if (pending.size() == 1 && pending.get(0) instanceof LastHttpContent last) {
            upstream.write(
                    new DefaultFullHttpRequest(
                            request.protocolVersion(),
                            request.method(),
                            request.uri(),
                            last.content(),
                            request.headers(),
                            last.trailingHeaders()),
                    upstream.voidPromise());
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
        return true;
    }

    void onRequestContent(HttpContent content) {
        if (isFinished()) {
            content.release();
            return;
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        keepForReplay(content);
        if (upstreamReady) {
            upstream.write(content, upstream.voidPromise());
        } else {
            pending().add(content);
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
        if (!isResponseStarted() && msg instanceof HttpResponse response && !onResponseHead(response)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LastHttpContent last) {
            HttpResponse head = heldHead;
            heldHead = null;
            complete(
                    head == null
                            ? last
                            : new DefaultFullHttpResponse(
                                    head.protocolVersion(),
                                    head.status(),
                                    last.content(),
                                    head.headers(),
                                    last.trailingHeaders()));
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
        if (!responseHead(status)) {
            return false;
        }
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
        } else if (!HttpUtil.isContentLengthSet(response)
                && !HttpUtil.isTransferEncodingChunked(response)
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
        listener.upstreams().release(lane, endpoint(), requestComplete && upstreamKeepAlive);
        endFront(last, keepFront);
        owner.exchangeDone(this, keepFront);
    }

    /**
     * The lane closed before the response ended; a pooled lane that closed before a response
     * (the endpoint closed it idle: a keep-alive race) may take the retry on the same endpoint.
     */
    void onUpstreamClosed() {
        upstream = null;
        upstreamReady = false;
        upstreamEnded(laneReused ? RetryCause.STALE_CONNECTION : RetryCause.ENDPOINT_FAILED, "connection");
    }

    @Override
    protected void abandonFront() {
        front.close();
        owner.exchangeDone(this, false);
    }

    /** When the per-request timeout fires ({@link System#nanoTime()}); 0 when it does not apply. */
    long deadline() {
        return isFinished() ? 0 : deadline;
    }

    void onTimeout() {
        timedOut(timeoutSeconds);
    }

    @Override
    protected void reply(HttpResponseStatus status, String text) {
        finish();
        FullHttpResponse response = LocalResponses.of(front.alloc(), status, text);
        boolean keepFront = !http2Front && keepAlive && requestComplete && !listener.isDraining();
        if (!keepFront && !http2Front) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        endFront(response, keepFront);
        owner.exchangeDone(this, keepFront);
    }

    /**
     * Writes the last message of the answer; then, unless the connection takes the next request,
     * closes the front: an HTTP/1.1 connection, or an HTTP/2 stream's channel. The stream must
     * close too: its handler reads no more, so DATA the client still sends would otherwise stay
     * queued in the stream's channel, never released, and hold the connection's flow-control
     * window (a reset goes out if the client has not ended its side).
     */
    private void endFront(Object last, boolean keepFront) {
        if (keepFront) {
            front.writeAndFlush(last, front.voidPromise());
        } else {
            front.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The tunnel took over both connections after a 101. */
    void handedOver() {
        upstream = null;
        upstreamReady = false;
        finish();
        owner.exchangeDone(this, false);
    }

    @Override
    protected void onFinish() {
        heldHead = null;
    }

    @Override
    protected void dropUpstream() {
        if (upstream != null) {
            upstreamHandler.detach();
            listener.upstreams().release(upstream, endpoint(), false);
            upstream = null;
        }
        upstreamReady = false;
    }
}
