package dev.svcconnect.proxy.http;

import dev.svcconnect.model.access.AccessDecision;
import dev.svcconnect.proxy.access.InboundAccess;
import dev.svcconnect.proxy.exchange.DeadlineTimer;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The client side of HTTP exchanges: on an HTTP/1.1 connection, one request at a time (pipelined
 * requests wait their turn); on an HTTP/2 stream, its one request. Turns unreadable requests into
 * 400, 414 or 431, and those the listener's access policy refuses into 403, and closes; otherwise hands each request to an {@link Exchange}. One timer per
 * connection watches the per-request timeout: it is re-armed for the current exchange's deadline
 * when it fires, rather than scheduled and cancelled for every request.
 */
public final class HttpExchangeHandler extends ChannelInboundHandlerAdapter {

    /** Requests with more header fields than this get 431 (Envoy's default). */
    static final int MAX_HEADER_COUNT = 100;

    /** Fired down a client connection's pipeline when its listener starts draining. */
    public static final Object DRAIN = new Object();

    private final ListenerState listener;
    private final boolean http2;
    private final ArrayDeque<Object> deferred = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private boolean closing;
    private boolean upgradeChecked;
    private DeadlineTimer deadlines;

    public HttpExchangeHandler(ListenerState listener, boolean http2) {
        this.listener = listener;
        this.http2 = http2;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.deadlines = new DeadlineTimer(ctx.executor(), this::expire);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (exchange != null && !exchange.isRequestComplete()) {
            if (msg instanceof HttpContent content) {
                exchange.onRequestContent(content);
            } else {
                ReferenceCountUtil.release(msg);
            }
        } else if (exchange != null) {
            deferred.add(msg);
        } else if (msg instanceof HttpRequest request) {
            start(request);
        } else if (http2) {
            ReferenceCountUtil.release(msg);
            resetMalformedStream();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A stream whose first message is not a request: a HEADERS frame without pseudo-header fields
     * that ends the stream, which Netty's codec hands on as trailers. RFC 9113 (8.1.1) makes it a
     * malformed request, answered with {@code RST_STREAM} {@code PROTOCOL_ERROR}; left alone, the
     * stream would stay open with no answer and hold a draining connection to the drain time.
     */
    private void resetMalformedStream() {
        closing = true;
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void start(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        // An unreadable request is answered as such, and not counted as refused.
        AccessDecision access = result.isFailure() ? null : InboundAccess.check(listener, ctx.channel());
        boolean refused = access != null && !access.allowed();
        if (result.isFailure() || request.headers().size() > MAX_HEADER_COUNT || refused) {
            FullHttpResponse answer = result.isFailure()
                    ? LocalResponses.forDecoderFailure(ctx.alloc(), result.cause())
                    : refused
                            ? LocalResponses.of(ctx.alloc(), HttpResponseStatus.FORBIDDEN, access.reason())
                            : LocalResponses.of(
                                    ctx.alloc(),
                                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                                    "more than " + MAX_HEADER_COUNT + " request header fields");
            ReferenceCountUtil.release(request);
            closing = true;
            answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpContent body = null;
        HttpRequest head = request;
        if (request instanceof FullHttpRequest full) {
            head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
        }
        exchange = new Exchange(this, ctx, listener, head, http2);
        exchange.start();
        if (body != null) {
            if (exchange != null) {
                exchange.onRequestContent(body);
            } else {
                body.release();
            }
        }
    }

    /** Called by the exchange when it ends; {@code keepAlive}: the connection takes the next request. */
    void exchangeDone(Exchange done, boolean keepAlive) {
        if (exchange != done) {
            return;
        }
        exchange = null;
        if (!keepAlive) {
            closing = true;
            deferred.forEach(ReferenceCountUtil::release);
            deferred.clear();
            return;
        }
        if (listener.isDraining() && deferred.isEmpty()) {
            closing = true;
            ctx.close();
            return;
        }
        Object next;
        while (exchange == null && !closing && (next = deferred.poll()) != null) {
            channelRead(ctx, next);
        }
        while (exchange != null && !exchange.isRequestComplete() && (next = deferred.poll()) != null) {
            channelRead(ctx, next);
        }
        if (exchange == null && !closing) {
            ctx.read();
        } else if (exchange != null) {
            exchange.onFrontReadComplete();
        }
    }

    /** Makes sure the timer fires by {@code deadline} ({@link System#nanoTime()}) for the current exchange. */
    void watchDeadline(long deadline, long now) {
        deadlines.watch(deadline, now);
    }

    /** The timer fired: times out the current exchange if its deadline passed, else returns that deadline. */
    private long expire(long now) {
        Exchange current = exchange;
        if (current == null || current.deadline() == 0) {
            return 0;
        }
        if (current.deadline() - now <= 0) {
            current.onTimeout();
            return 0;
        }
        return current.deadline();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!upgradeChecked && exchange != null) {
            // Only a connection's first request may upgrade to h2c: later ones skip the upgrade
            // handler (an aggregator) altogether.
            upgradeChecked = true;
            if (ctx.pipeline().get(HttpServerUpgradeHandler.class) != null) {
                ctx.pipeline().remove(HttpServerUpgradeHandler.class);
            }
        }
        if (exchange != null) {
            exchange.onFrontReadComplete();
            if (!http2 && exchange != null && exchange.isRequestComplete() && deferred.isEmpty()) {
                // Stay armed for the next request: asking epoll to stop and restart reading would
                // cost two system calls per request. A pipelining client fills at most one read.
                ctx.read();
            }
        } else if (!closing) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onFrontWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == DRAIN) {
            if (exchange == null) {
                closing = true;
                ctx.close();
            }
            return;
        }
        if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
            ctx.channel().config().setAutoRead(true);
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadlines.cancel();
        if (exchange != null) {
            exchange.abort();
            exchange = null;
        }
        deferred.forEach(ReferenceCountUtil::release);
        deferred.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
