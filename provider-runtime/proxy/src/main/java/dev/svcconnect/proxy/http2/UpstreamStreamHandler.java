package dev.svcconnect.proxy.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The handler of a stream to an endpoint that carries a {@link StreamExchange}: hands the
 * response's frames to the exchange, and tells it when the stream ends early (reset, or the
 * connection closed), and whether the endpoint refused it unprocessed ({@code REFUSED_STREAM}, or
 * a GOAWAY that leaves it out).
 */
final class UpstreamStreamHandler extends ChannelInboundHandlerAdapter {

    private StreamExchange exchange;
    private boolean refused;

    static UpstreamStreamHandler of(Channel stream) {
        return stream.pipeline().get(UpstreamStreamHandler.class);
    }

    void attach(StreamExchange exchange) {
        this.exchange = exchange;
    }

    void detach() {
        this.exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        StreamExchange current = exchange;
        if (current == null) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Http2HeadersFrame headers) {
            current.onResponseHeaders(headers);
        } else if (msg instanceof Http2DataFrame data) {
            current.onResponseData(data);
        } else {
            if (msg instanceof Http2ResetFrame reset && reset.errorCode() == Http2Error.REFUSED_STREAM.code()) {
                refused = true;
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** A GOAWAY whose last stream is below this one: the endpoint never processed the request. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2GoAwayFrame) {
            refused = true;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        StreamExchange current = exchange;
        if (current != null) {
            current.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        StreamExchange current = exchange;
        if (current != null) {
            current.onUpstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        StreamExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onUpstreamClosed(refused);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
