package dev.svcconnect.proxy.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;

/**
 * One side of a {@link StreamExchange}: a stream of a client's or an endpoint's HTTP/2 connection,
 * written through the handler that owns the connection's stream map. The window of the DATA
 * received on it goes back to the sender only when the exchange says so, which is how a slow
 * reader on one side slows the sender on the other.
 */
final class H2Stream {

    private final ChannelHandlerContext ctx;
    private final Http2FrameStream stream;
    private final Http2Connection connection;
    private int unreturnedBytes;

    H2Stream(ChannelHandlerContext ctx, Http2FrameStream stream, Http2Connection connection) {
        this.ctx = ctx;
        this.stream = stream;
        this.connection = connection;
    }

    Http2FrameStream frameStream() {
        return stream;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    void write(Http2StreamFrame frame) {
        ctx.write(frame.stream(stream), ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /** Whether this stream's send window (and its connection's socket) takes more now. */
    boolean isWritable() {
        Http2Stream http2Stream = connection.stream(stream.id());
        return http2Stream != null && ctx.channel().isWritable()
                && connection.remote().flowController().isWritable(http2Stream);
    }

    /** Counts DATA received on this stream whose window is not yet given back. */
    void received(int flowControlledBytes) {
        unreturnedBytes += flowControlledBytes;
    }

    /** Gives back the window of the DATA received so far (a WINDOW_UPDATE, flushed later). */
    void returnWindow() {
        if (unreturnedBytes > 0) {
            int bytes = unreturnedBytes;
            unreturnedBytes = 0;
            if (stream.state() != Http2Stream.State.CLOSED) {
                ctx.write(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream), ctx.voidPromise());
                ctx.flush();
            }
        }
    }

    /** Cancels the stream (RST_STREAM) unless it is closed already or was never opened. */
    void cancel() {
        Http2Stream.State state = stream.state();
        if (stream.id() > 0 && state != Http2Stream.State.CLOSED && state != Http2Stream.State.IDLE) {
            ctx.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream), ctx.voidPromise());
            ctx.flush();
        }
    }
}
