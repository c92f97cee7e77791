package dev.svcconnect.proxy.http2;

import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The handler of a client's HTTP/2 stream when the endpoints speak HTTP/2 too: its first HEADERS
 * frame starts a {@link StreamExchange}, later DATA and trailers feed it. A request with more
 * than 100 header fields gets 431.
 */
final class FrontStreamHandler extends ChannelInboundHandlerAdapter {

    /** Requests with more header fields than this get 431, as on HTTP/1.1 (Envoy's default). */
    static final int MAX_HEADER_COUNT = 100;

    private final ListenerState listener;
    private final Http2UpstreamPool pool;
    private StreamExchange exchange;

    FrontStreamHandler(ListenerState listener, Http2UpstreamPool pool) {
        this.listener = listener;
        this.pool = pool;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            if (exchange != null) {
                exchange.onRequestData(data);
            } else {
                data.release();
            }
        } else if (msg instanceof Http2HeadersFrame headers) {
            if (exchange != null) {
                exchange.onRequestTrailers(headers.headers());
            } else if (H2Headers.regularFieldCount(headers.headers()) > MAX_HEADER_COUNT) {
                H2Headers.writeLocalReply(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "more than " + MAX_HEADER_COUNT + " request header fields");
                ctx.close();
            } else {
                exchange = new StreamExchange(ctx, listener, pool, headers);
                exchange.start();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onFrontReadComplete();
        } else {
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
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.abort();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
