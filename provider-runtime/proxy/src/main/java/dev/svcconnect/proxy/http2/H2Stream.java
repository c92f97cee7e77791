package dev.svcconnect.proxy.http2;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
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
    private ChannelFuture endWritten;

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

    /** Writes a frame; the one that ends the stream is remembered, to reset the stream only after it. */
    void write(Http2StreamFrame frame) {
        if (endsStream(frame)) {
            ChannelPromise written = ctx.newPromise();
            endWritten = written;
            ctx.write(frame.stream(stream), written);
        } else {
            ctx.write(frame.stream(stream), ctx.voidPromise());
        }
    }

    private static boolean endsStream(Http2StreamFrame frame) {
        return frame instanceof Http2DataFrame data && data.isEndStream()
                || frame instanceof Http2HeadersFrame headers && headers.isEndStream();
    }

    void flush() {
        ctx.flush();
    }

    /** Whether this stream's send window (and its connection's socket) takes more now. */
    boolean isWritable() {
        Http2Stream http2Stream = connection.stream(stream.id());
        return http2Stream != null
                && ctx.channel().isWritable()
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
        reset(Http2Error.CANCEL);
    }

    /**
     * Stops the rest of what the peer sends on a stream whose answer is complete: RST_STREAM with
     * NO_ERROR (RFC 9113 section 8.1), sent only once the frame that ends the answer is written, as
     * the flow controller may still hold it (a reset written at once would overtake or drop it).
     */
    void resetAfterEnd() {
        if (endWritten == null) {
            cancel();
        } else {
            endWritten.addListener(written -> reset(written.isSuccess() ? Http2Error.NO_ERROR : Http2Error.CANCEL));
        }
    }

    private void reset(Http2Error error) {
        Http2Stream.State state = stream.state();
        if (stream.id() > 0 && state != Http2Stream.State.CLOSED && state != Http2Stream.State.IDLE) {
            ctx.write(new DefaultHttp2ResetFrame(error).stream(stream), ctx.voidPromise());
            ctx.flush();
        }
    }
}
