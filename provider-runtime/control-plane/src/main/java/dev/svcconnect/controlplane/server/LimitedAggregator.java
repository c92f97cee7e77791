package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.api.ApiException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates a request up to a limit; a larger one is answered {@code 413} with an AWS error body
 * (the rest of its body is read and dropped, so the client sees the answer).
 */
final class LimitedAggregator extends HttpObjectAggregator {

    private static final Logger LOG = LoggerFactory.getLogger("dev.svcconnect.controlplane.requests");

    private final int limit;

    LimitedAggregator(int limit) {
        super(limit);
        this.limit = limit;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        String requestId = UUID.randomUUID().toString();
        boolean keepAlive = HttpUtil.isKeepAlive(oversized) && !HttpUtil.is100ContinueExpected(oversized);
        Reply.Full tooLarge = Reply.error(new ApiException(
                "RequestEntityTooLargeException", 413, "The request body is larger than " + limit + " bytes."));
        var write = ctx.writeAndFlush(Responder.response(tooLarge, requestId, keepAlive));
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
        String request = oversized instanceof HttpRequest r ? r.method() + " " + r.uri() : "request";
        LOG.info("{} 413 {}", request, requestId);
    }
}
