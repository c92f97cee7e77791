package dev.svcconnect.proxy.http2;

import dev.svcconnect.proxy.http.HttpExchangeHandler;
import dev.svcconnect.proxy.internal.ListenerState;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The server side of HTTP/2 (h2c): each stream is its own exchange, so that requests are balanced
 * per stream; frames pass as frames when the endpoints speak HTTP/2. Rapid reset (CVE-2023-44487) is bounded: more than 200
 * RST_STREAM frames in 30 s close the connection. The flushes of the streams' responses are
 * coalesced into one socket write per event-loop turn.
 */
public final class Http2Frontend {

    static final int MAX_CONCURRENT_STREAMS = 100;
    static final int MAX_HEADER_LIST_SIZE = 64 * 1024;
    static final int MAX_RST_FRAMES = 200;
    static final int RST_WINDOW_SECONDS = 30;

    private Http2Frontend() {}

    public static Http2FrameCodec frameCodec(long drainMillis) {
        return Http2Codecs.newServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
                .gracefulShutdownTimeoutMillis(drainMillis)
                .build();
    }

    /**
     * Coalesces the flushes of many streams (each response flushes its stream, which otherwise
     * flushes the connection) into one write per event-loop turn; goes between the frame codec and
     * the stream handler.
     */
    public static FlushConsolidationHandler flushCoalescer() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }

    /**
     * What handles a client connection's streams, after the frame codec. When the endpoints speak
     * HTTP/2 too, one handler keeps the streams in a map and forwards their frames as frames
     * ({@link FrontConnectionHandler}); otherwise each stream is a child channel whose frames become
     * HTTP/1.1 objects for the HTTP/1.1 path.
     */
    public static ChannelHandler streams(ListenerState listener) {
        if (listener.upstreams() instanceof Http2UpstreamPool pool) {
            return new FrontConnectionHandler(listener, pool);
        }
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.config().setAutoRead(false);
                stream.pipeline()
                        .addLast(new Http2StreamFrameToHttpObjectCodec(true), new HttpExchangeHandler(listener, true));
            }
        });
    }
}
