package dev.svcconnect.proxy.http2;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the proxy changes in HTTP/2 header blocks it forwards, and the HTTP/2 form of its local
 * answers. Netty's decoder already refuses connection-specific fields ({@code connection},
 * {@code keep-alive}, {@code transfer-encoding}, {@code upgrade}, a {@code te} other than
 * {@code trailers}), so a request keeps its fields as they came, with {@code :scheme} set to the
 * upstream's ({@code http}) and {@code expect} answered here.
 */
final class H2Headers {

    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString GRPC = AsciiString.cached("application/grpc");
    private static final AsciiString LOCAL_REPLY = AsciiString.cached("x-svc-connect-proxy");
    private static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
    private static final AsciiString GRPC_MESSAGE = AsciiString.cached("grpc-message");

    private H2Headers() {}

    /** Whether a request is gRPC ({@code content-type: application/grpc...}). */
    static boolean isGrpc(Http2Headers headers) {
        CharSequence type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && AsciiString.regionMatches(type, true, 0, GRPC, 0, GRPC.length());
    }

    /**
     * Adjusts a request's header block for the endpoint.
     *
     * @return whether the client asked for {@code 100-continue}, which the proxy answers itself
     */
    static boolean prepareRequest(Http2Headers headers) {
        if (!HTTP.contentEquals(headers.scheme())) {
            headers.scheme(HTTP);
        }
        CharSequence expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect == null) {
            return false;
        }
        headers.remove(HttpHeaderNames.EXPECT);
        return AsciiString.contentEqualsIgnoreCase(expect, HttpHeaderValues.CONTINUE);
    }

    /** Whether a header block has more than {@code max} fields besides the pseudo-headers ({@code :path}...). */
    static boolean hasMoreFieldsThan(Http2Headers headers, int max) {
        if (headers.size() <= max) {
            return false;
        }
        int count = 0;
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            if (!Http2Headers.PseudoHeaderName.hasPseudoHeaderFormat(field.getKey())) {
                count++;
            }
        }
        return count > max;
    }

    /** A response's status code, or 0 when {@code :status} is missing or not a number. */
    static int status(Http2Headers headers) {
        CharSequence status = headers.status();
        if (status == null || status.length() != 3) {
            return 0;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = status.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    /** The interim answer to {@code expect: 100-continue}. */
    static Http2Headers continueHeaders() {
        return new DefaultHttp2Headers().status(HttpResponseStatus.CONTINUE.codeAsText());
    }

    /** Writes and flushes a complete local answer ({@code text} and a newline) on a client stream. */
    static void writeLocalReply(H2Stream stream, HttpResponseStatus status, String text) {
        ByteBuf body = stream.context().alloc().buffer();
        body.writeCharSequence(text + "\n", StandardCharsets.UTF_8);
        Http2Headers headers = new DefaultHttp2Headers()
                .status(status.codeAsText())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(LOCAL_REPLY, "local-reply");
        stream.write(new DefaultHttp2HeadersFrame(headers));
        stream.write(new DefaultHttp2DataFrame(body, true));
        stream.flush();
    }

    /**
     * The proxy's own answer to a gRPC call, as gRPC clients read one: a trailers-only response
     * (status 200, {@code grpc-status} mapped from the HTTP status as gRPC's HTTP-to-gRPC status
     * mapping does: 503 and 504 are {@code UNAVAILABLE}), with the HTTP status and {@code text} as
     * {@code grpc-message}. A plain-text answer would reach the client as a malformed response.
     */
    static void writeGrpcLocalReply(H2Stream stream, HttpResponseStatus status, String text) {
        Http2Headers headers = new DefaultHttp2Headers()
                .status(HttpResponseStatus.OK.codeAsText())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/grpc")
                .setInt(GRPC_STATUS, grpcStatus(status.code()))
                .set(GRPC_MESSAGE, percentEncoded(status.code() + " " + text))
                .set(LOCAL_REPLY, "local-reply");
        stream.write(new DefaultHttp2HeadersFrame(headers, true));
        stream.flush();
    }

    /** gRPC's status code for an HTTP status (gRPC's "HTTP to gRPC status code mapping"). */
    static int grpcStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 13; // INTERNAL
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404 -> 12; // UNIMPLEMENTED
            case 429, 502, 503, 504 -> 14; // UNAVAILABLE
            default -> 2; // UNKNOWN
        };
    }

    /** {@code grpc-message}'s encoding: UTF-8, with '%' and bytes outside printable ASCII as %XX. */
    private static String percentEncoded(String message) {
        StringBuilder out = new StringBuilder();
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0x20 && b < 0x7f && b != '%') {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
