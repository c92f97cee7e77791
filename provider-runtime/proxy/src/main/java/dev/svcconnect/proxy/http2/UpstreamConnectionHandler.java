package dev.svcconnect.proxy.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * An HTTP/2 connection to an endpoint that carries {@link StreamExchange}s: right after the frame
 * codec, it opens their streams and keeps them in a map (no child channel per stream), hands each
 * response frame to its exchange, and tells an exchange when its stream ends early, and whether
 * the endpoint refused it unprocessed ({@code REFUSED_STREAM}, or above the last stream of its
 * GOAWAY). It closes the connection when idle, or once the last stream ends after a GOAWAY.
 */
final class UpstreamConnectionHandler extends Http2ChannelDuplexHandler {

    private final StreamExchanges exchanges = new StreamExchanges();
    private ChannelHandlerContext ctx;
    private Http2Connection connection;
    private boolean closeWhenEmpty;

    static UpstreamConnectionHandler of(Channel channel) {
        return channel.pipeline().get(UpstreamConnectionHandler.class);
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.connection = ctx.pipeline().get(Http2FrameCodec.class).connection();
    }

    /**
     * Whether another stream may open now: connection up, no GOAWAY, under {@code maxStreams}
     * exchanges and under the endpoint's limit as the codec counts it (a stream released but whose
     * reset is not yet written still counts there).
     */
    boolean hasRoom(int maxStreams) {
        return ctx.channel().isActive()
                && !connection.goAwayReceived()
                && exchanges.size() < maxStreams
                && connection.local().canOpenStream();
    }

    int openStreams() {
        return exchanges.size();
    }

    /**
     * Opens a stream for {@code exchange}: sends its request headers.
     *
     * @return the stream, or null when the codec could not open one at once; then, or when the
     *     headers fail later (as a header list over the endpoint's SETTINGS_MAX_HEADER_LIST_SIZE
     *     does), {@code exchange} is told why
     */
    H2Stream open(StreamExchange exchange, Http2Headers headers, boolean endStream) {
        Http2FrameStream stream = newStream();
        ChannelPromise sent = ctx.newPromise();
        ctx.write(new DefaultHttp2HeadersFrame(headers, endStream).stream(stream), sent);
        int id = stream.id();
        if (id <= 0 || sent.isDone() && !sent.isSuccess()) {
            exchange.onOpenFailed(sent.cause());
            return null;
        }
        exchanges.put(id, exchange);
        if (!sent.isDone()) {
            sent.addListener(f -> {
                if (!f.isSuccess()) {
                    ctx.executor().execute(() -> openFailed(id, f.cause()));
                }
            });
        }
        return new H2Stream(ctx, stream, connection);
    }

    /** Gives back a stream an exchange is done with; a stream still open is cancelled. */
    void release(H2Stream stream, boolean cancel) {
        exchanges.remove(stream.frameStream().id());
        if (cancel) {
            stream.cancel();
        }
        if (exchanges.isEmpty() && (closeWhenEmpty || connection.goAwayReceived())) {
            ctx.close();
        }
    }

    /** The endpoint was removed from the configuration: close once no stream is left. */
    void closeWhenIdle() {
        closeWhenEmpty = true;
        if (exchanges.isEmpty()) {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            StreamExchange exchange = exchanges.get(data.stream().id());
            if (exchange != null) {
                exchange.onResponseData(data);
            } else {
                data.release();
            }
        } else if (msg instanceof Http2HeadersFrame headers) {
            StreamExchange exchange = exchanges.get(headers.stream().id());
            if (exchange != null) {
                exchange.onResponseHeaders(headers);
            }
        } else if (msg instanceof Http2ResetFrame reset) {
            ended(reset.stream().id(), reset.errorCode() == Http2Error.REFUSED_STREAM.code());
        } else {
            if (msg instanceof Http2GoAwayFrame && exchanges.isEmpty()) {
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** The codec could not send a stream's headers (a closed connection ends its exchanges itself). */
    private void openFailed(int streamId, Throwable cause) {
        StreamExchange exchange = exchanges.remove(streamId);
        if (exchange != null) {
            exchange.onOpenFailed(cause);
        }
    }

    private void ended(int streamId, boolean refused) {
        StreamExchange exchange = exchanges.remove(streamId);
        if (exchange != null) {
            exchange.onUpstreamClosed(refused);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2FrameStreamEvent event) {
            Http2FrameStream stream = event.stream();
            if (event.type() == Http2FrameStreamEvent.Type.State) {
                if (stream.state() == Http2Stream.State.CLOSED) {
                    // Streams above the last one of a GOAWAY were never processed.
                    ended(
                            stream.id(),
                            connection.goAwayReceived()
                                    && stream.id() > connection.local().lastStreamKnownByPeer());
                }
            } else {
                StreamExchange exchange = exchanges.get(stream.id());
                if (exchange != null) {
                    exchange.onUpstreamWritable();
                }
            }
        } else if (evt instanceof IdleStateEvent && exchanges.isEmpty()) {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        exchanges.endAll(exchange -> exchange.onUpstreamClosed(false));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        StreamExchanges.closeUnlessOneStreamFailed(ctx, cause);
    }
}
