package dev.svcconnect.proxy.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The exchanges on the streams of one HTTP/2 connection, by stream id: the map a client's or an
 * endpoint's connection handler keeps instead of a child channel per stream.
 */
final class StreamExchanges extends IntObjectHashMap<StreamExchange> {

    /** The connection closed: ends every exchange still on it (each may remove itself meanwhile), then forgets them. */
    void endAll(Consumer<StreamExchange> end) {
        for (StreamExchange exchange : new ArrayList<>(values())) {
            end.accept(exchange);
        }
        clear();
    }

    /**
     * What an HTTP/2 connection handler does with an exception: one stream's error (frames still
     * queued when it was reset) leaves the connection's other streams going, since the codec resets
     * that stream and its closing ends its exchange; anything else closes the connection.
     */
    static void closeUnlessOneStreamFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof Http2FrameStreamException)) {
            ctx.close();
        }
    }
}
