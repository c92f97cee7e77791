package dev.svcconnect.proxy.http2;

import dev.svcconnect.model.access.AccessDecision;
import dev.svcconnect.proxy.access.InboundAccess;
import dev.svcconnect.proxy.exchange.DeadlineTimer;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's HTTP/2 connection when the endpoints speak HTTP/2 too: right after the frame codec,
 * it keeps the connection's streams in a map (no child channel per stream). A stream's first
 * HEADERS frame starts a {@link StreamExchange}; its DATA and trailers feed it; a reset or the
 * connection closing aborts it. A request with more than 100 header fields gets 431; one the
 * listener's access policy refuses, 403 (gRPC: {@code PERMISSION_DENIED}). One timer per
 * connection watches its exchanges' per-request timeouts.
 */
final class FrontConnectionHandler extends ChannelInboundHandlerAdapter {

    /** Requests with more header fields than this get 431, as on HTTP/1.1 (Envoy's default). */
    static final int MAX_HEADER_COUNT = 100;

    private final ListenerState listener;
    private final Http2UpstreamPool pool;
    private final StreamExchanges exchanges = new StreamExchanges();
    private Http2Connection connection;
    private DeadlineTimer deadlines;

    FrontConnectionHandler(ListenerState listener, Http2UpstreamPool pool) {
        this.listener = listener;
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = ctx.pipeline().get(Http2FrameCodec.class).connection();
        deadlines = new DeadlineTimer(ctx.executor(), this::expire);
    }

    /** Makes sure the connection's timer fires by an exchange's {@code deadline}. */
    void watchDeadline(long deadline, long now) {
        deadlines.watch(deadline, now);
    }

    /** The timer fired: times out the exchanges past their deadline; returns the earliest one left. */
    private long expire(long now) {
        List<StreamExchange> expired = null;
        long next = 0;
        for (StreamExchange exchange : exchanges.values()) {
            long deadline = exchange.deadline();
            if (deadline == 0) {
                continue;
            }
            if (deadline - now <= 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(exchange);
            } else if (next == 0 || deadline - next < 0) {
                next = deadline;
            }
        }
        if (expired != null) {
            expired.forEach(StreamExchange::onTimeout); // each leaves the map
        }
        return next;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            StreamExchange exchange = exchanges.get(data.stream().id());
            if (exchange != null) {
                exchange.onRequestData(data);
            } else {
                returnWindow(ctx, data);
                data.release();
            }
        } else if (msg instanceof Http2HeadersFrame headers) {
            StreamExchange exchange = exchanges.get(headers.stream().id());
            if (exchange != null) {
                exchange.onRequestTrailers(headers.headers());
            } else {
                start(ctx, headers);
            }
        } else if (msg instanceof Http2ResetFrame reset) {
            StreamExchange exchange = exchanges.remove(reset.stream().id());
            if (exchange != null) {
                exchange.abort();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, Http2HeadersFrame headers) {
        H2Stream stream = new H2Stream(ctx, headers.stream(), connection);
        if (H2Headers.hasMoreFieldsThan(headers.headers(), MAX_HEADER_COUNT)) {
            H2Headers.writeLocalReply(
                    stream,
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "more than " + MAX_HEADER_COUNT + " request header fields");
            if (!headers.isEndStream()) {
                stream.resetAfterEnd();
            }
            return;
        }
        AccessDecision access = InboundAccess.check(listener, ctx.channel());
        if (!access.allowed()) {
            if (H2Headers.isGrpc(headers.headers())) {
                H2Headers.writeGrpcLocalReply(stream, HttpResponseStatus.FORBIDDEN, access.reason());
            } else {
                H2Headers.writeLocalReply(stream, HttpResponseStatus.FORBIDDEN, access.reason());
            }
            if (!headers.isEndStream()) {
                stream.resetAfterEnd();
            }
            return;
        }
        StreamExchange exchange = new StreamExchange(this, stream, listener, pool, headers);
        exchanges.put(headers.stream().id(), exchange);
        exchange.start();
    }

    private static void returnWindow(ChannelHandlerContext ctx, Http2DataFrame data) {
        if (data.initialFlowControlledBytes() > 0 && data.stream().state() != Http2Stream.State.CLOSED) {
            ctx.write(
                    new DefaultHttp2WindowUpdateFrame(data.initialFlowControlledBytes()).stream(data.stream()),
                    ctx.voidPromise());
        }
    }

    /** Called by an exchange when it ends. */
    void exchangeDone(Http2FrameStream stream) {
        exchanges.remove(stream.id());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof Http2FrameStreamEvent event) {
            if (event.type() == Http2FrameStreamEvent.Type.State) {
                if (event.stream().state() == Http2Stream.State.CLOSED) {
                    StreamExchange exchange = exchanges.remove(event.stream().id());
                    if (exchange != null) {
                        exchange.abort();
                    }
                }
            } else {
                StreamExchange exchange = exchanges.get(event.stream().id());
                if (exchange != null) {
                    exchange.onFrontWritable();
                }
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadlines.cancel();
        exchanges.endAll(StreamExchange::abort);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        StreamExchanges.closeUnlessOneStreamFailed(ctx, cause);
    }
}
