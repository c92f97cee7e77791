package dev.svcconnect.proxy.listener;

import dev.svcconnect.proxy.http.HttpExchangeHandler;
import dev.svcconnect.proxy.http2.Http2Frontend;
import dev.svcconnect.proxy.internal.CloseOnError;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Looks at a client's first bytes: the HTTP/2 connection preface means h2c with prior knowledge;
 * anything else is HTTP/1.1, which may still upgrade with {@code Upgrade: h2c}. Then replaces
 * itself with the right pipeline.
 */
final class CleartextNegotiator extends ByteToMessageDecoder {

    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_BYTES = 60 * 1024;
    static final int MAX_UPGRADE_BODY = 64 * 1024;

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final ListenerState listener;
    private final long drainMillis;

    CleartextNegotiator(ListenerState listener, long drainMillis) {
        this.listener = listener;
        this.drainMillis = drainMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), length)) {
            http1(ctx.pipeline(), ctx.name());
            ctx.pipeline().remove(this);
        } else if (length == PREFACE.readableBytes()) {
            ctx.channel().config().setAutoRead(true);
            ctx.pipeline()
                    .addAfter(ctx.name(), "h2-codec", Http2Frontend.frameCodec(drainMillis))
                    .addAfter("h2-codec", "h2-flush", Http2Frontend.flushCoalescer())
                    .addAfter("h2-flush", "h2-streams", Http2Frontend.streams(listener))
                    .addAfter("h2-streams", "h2-errors", CloseOnError.INSTANCE)
                    .remove(this);
        }
    }

    private void http1(ChannelPipeline pipeline, String after) {
        HttpServerCodec codec = new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(16 * 1024));
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(
                codec,
                protocol -> {
                    if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
                        return null;
                    }
                    return new H2cUpgrade(listener, drainMillis);
                },
                MAX_UPGRADE_BODY);
        pipeline.addAfter(after, "http-exchange", new HttpExchangeHandler(listener, false))
                .addAfter(after, "http-head-deadline", new RequestHeadDeadline(listener))
                .addAfter(after, "http-expect-continue", new HttpServerExpectContinueHandler())
                .addAfter(after, "http-upgrade", upgrade)
                .addAfter(after, "http-codec", codec);
    }

    /**
     * The h2c upgrade, refused (the request goes on as HTTP/1.1, as a server may ignore an upgrade)
     * when the connection is no longer open, as for a request that the client's end of stream
     * completed, or when HTTP/2 cannot carry the request: an HTTP/1.1 request line may hold what
     * HTTP/2 header validation refuses (a control character in the path), and the upgrade would
     * fail after the 101. An upgraded connection reads on its own, and its pipeline ends with
     * {@link CloseOnError}, as a prior-knowledge one does.
     */
    private static final class H2cUpgrade extends Http2ServerUpgradeCodec {

        H2cUpgrade(ListenerState listener, long drainMillis) {
            super(
                    Http2Frontend.frameCodec(drainMillis),
                    Http2Frontend.flushCoalescer(),
                    Http2Frontend.streams(listener),
                    CloseOnError.INSTANCE);
        }

        @Override
        public boolean prepareUpgradeResponse(ChannelHandlerContext ctx, FullHttpRequest request, HttpHeaders headers) {
            boolean upgrading = ctx.channel().isActive()
                    && carriesOverHttp2(request)
                    && super.prepareUpgradeResponse(ctx, request, headers);
            if (upgrading) {
                ctx.channel().config().setAutoRead(true);
            }
            return upgrading;
        }

        private static boolean carriesOverHttp2(FullHttpRequest request) {
            HttpRequest head = new DefaultHttpRequest(
                    request.protocolVersion(),
                    request.method(),
                    request.uri(),
                    request.headers().copy());
            head.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
            try {
                HttpConversionUtil.toHttp2Headers(head, true);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }
}
