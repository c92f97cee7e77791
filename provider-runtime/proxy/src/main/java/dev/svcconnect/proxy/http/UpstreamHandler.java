package dev.svcconnect.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of an upstream lane (an HTTP/1.1 connection or an HTTP/2 stream): hands what the
 * endpoint sends to the exchange that holds the lane. A pooled connection that is idle closes on
 * any unexpected byte and at its idle timeout.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final UpstreamResponseDecoder decoder;
    private Exchange exchange;
    private boolean reused;

    /** The last handler of a lane whose responses need no request method to be read (an HTTP/2 stream). */
    public UpstreamHandler() {
        this(null);
    }

    /** The last handler of an HTTP/1.1 connection read by {@code decoder}. */
    UpstreamHandler(UpstreamResponseDecoder decoder) {
        this.decoder = decoder;
    }

    static UpstreamHandler of(Channel channel) {
        return channel.pipeline().get(UpstreamHandler.class);
    }

    void attach(Exchange exchange) {
        this.exchange = exchange;
    }

    void detach() {
        this.exchange = null;
    }

    /** The method of the request about to be sent: the answer to a HEAD has no body. */
    void requestMethod(HttpMethod method) {
        if (decoder != null) {
            decoder.requestMethod(method);
        }
    }

    /** Marks the lane as taken from a pool (it carried an exchange before). */
    void reused(boolean reused) {
        this.reused = reused;
    }

    boolean isReused() {
        return reused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange current = exchange;
        if (current == null || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.onResponse(object);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.onUpstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onUpstreamClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && exchange == null) {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
