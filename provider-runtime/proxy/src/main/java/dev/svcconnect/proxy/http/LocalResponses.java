package dev.svcconnect.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;

/** Responses the proxy answers itself: 400, 431, 502, 503, 504, with a one-line text body saying why. */
public final class LocalResponses {

    private LocalResponses() {}

    /** A complete response with {@code text} and a newline as its body. */
    public static FullHttpResponse of(ByteBufAllocator alloc, HttpResponseStatus status, String text) {
        ByteBuf body = alloc.buffer();
        body.writeCharSequence(text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set("x-svc-connect-proxy", "local-reply");
        return response;
    }

    /** The answer to a request the decoder could not read: 431, 414 or 400. */
    public static FullHttpResponse forDecoderFailure(ByteBufAllocator alloc, Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return of(alloc, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers are over 60 KiB");
        }
        if (cause instanceof TooLongHttpLineException) {
            return of(alloc, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line is over 8 KiB");
        }
        String reason = cause == null || cause.getMessage() == null ? "malformed request" : cause.getMessage();
        return of(alloc, HttpResponseStatus.BAD_REQUEST, "malformed request: " + reason);
    }
}
