package dev.svcconnect.proxy.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Last handler of a client connection: an error that reached it (a client's bad bytes) closes the connection quietly. */
@ChannelHandler.Sharable
public final class CloseOnError extends ChannelInboundHandlerAdapter {

    public static final CloseOnError INSTANCE = new CloseOnError();

    private CloseOnError() {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
