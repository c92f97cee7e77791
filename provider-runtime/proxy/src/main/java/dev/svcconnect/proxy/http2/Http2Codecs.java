package dev.svcconnect.proxy.http2;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/**
 * Builders of Netty HTTP/2 frame codecs whose outbound flow control spreads a connection's window
 * evenly over its streams ({@link UniformStreamByteDistributor}) instead of keeping a priority tree
 * per stream: the proxy does not forward priorities, and keeping the tree up to date as streams
 * open and close cost about a tenth of the CPU of a forwarded request.
 */
final class Http2Codecs extends Http2FrameCodecBuilder {

    private Http2Codecs(boolean server) {
        gracefulShutdownTimeoutMillis(0);
        DefaultHttp2Connection connection = new DefaultHttp2Connection(server);
        connection
                .remote()
                .flowController(
                        new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
        connection(connection);
    }

    /** For client connections. */
    static Http2FrameCodecBuilder newServer() {
        return new Http2Codecs(true);
    }

    /** For connections to endpoints. */
    static Http2FrameCodecBuilder newClient() {
        return new Http2Codecs(false);
    }
}
