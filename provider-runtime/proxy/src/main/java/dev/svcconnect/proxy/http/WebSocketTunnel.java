package dev.svcconnect.proxy.http;

import dev.svcconnect.proxy.internal.IdleTimeout;
import dev.svcconnect.proxy.internal.RelayHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;

/**
 * After an upstream answers a WebSocket upgrade with 101, turns both connections into a byte
 * tunnel: the 101 goes to the client, the HTTP codecs leave both pipelines (handing over any bytes
 * they held), and each side relays to the other until one closes.
 */
final class WebSocketTunnel {

    private WebSocketTunnel() {}

    static void open(Exchange exchange, ChannelHandlerContext front, Channel upstream, HttpResponse switching) {
        exchange.handedOver();
        Channel client = front.channel();
        client.writeAndFlush(switching, client.voidPromise());

        ChannelPipeline upstreamPipeline = upstream.pipeline();
        upstreamPipeline.addLast(new RelayHandler(client));
        remove(
                upstreamPipeline,
                UpstreamHandler.class,
                IdleTimeout.class,
                UpstreamResponseDecoder.class,
                HttpRequestEncoder.class);

        ChannelPipeline clientPipeline = client.pipeline();
        clientPipeline.addLast(new RelayHandler(upstream));
        remove(
                clientPipeline,
                HttpExchangeHandler.class,
                HttpServerExpectContinueHandler.class,
                HttpServerUpgradeHandler.class,
                HttpServerCodec.class);

        client.read();
        upstream.read();
    }

    @SafeVarargs
    private static void remove(ChannelPipeline pipeline, Class<? extends ChannelHandler>... types) {
        for (Class<? extends ChannelHandler> type : types) {
            if (pipeline.get(type) != null) {
                pipeline.remove(type);
            }
        }
    }
}
