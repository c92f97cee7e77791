package dev.svcconnect.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * Reads an endpoint's HTTP/1.1 responses on a pooled connection. Unlike Netty's client codec it
 * keeps no queue of request methods (a lane carries one request at a time, so the exchange says
 * whether it sent a HEAD), and it reuses the strings a keep-alive connection sends again and
 * again: the status line's words and the header names are looked up among those this connection
 * already sent (compared byte for byte, so their case is kept) instead of being allocated anew.
 * The end of a body with a {@code Content-Length} carries no trailer map: only a chunked body can
 * have trailers.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    private static final int NAME_SLOTS = 32;

    private final AsciiString[] names = new AsciiString[NAME_SLOTS];
    private final String[] words = new String[3];
    private final Trailers trailers;
    private HttpMethod method = HttpMethod.GET;

    private UpstreamResponseDecoder(HttpDecoderConfig config, Trailers trailers) {
        super(config.setTrailersFactory(trailers));
        this.trailers = trailers;
    }

    static UpstreamResponseDecoder create(HttpDecoderConfig config) {
        return new UpstreamResponseDecoder(config, new Trailers());
    }

    /** The method of the request whose response comes next. */
    void requestMethod(HttpMethod method) {
        this.method = method;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        // Called once the headers are read, before the body: whether trailers may follow.
        trailers.chunked = HttpUtil.isTransferEncodingChunked(msg);
        int status = ((HttpResponse) msg).status().code();
        if (status >= 200 && HttpMethod.HEAD.equals(method) || status == 200 && HttpMethod.CONNECT.equals(method)) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected String splitFirstWordInitialLine(byte[] line, int start, int length) {
        return word(0, line, start, length);
    }

    @Override
    protected String splitSecondWordInitialLine(byte[] line, int start, int length) {
        return word(1, line, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] line, int start, int length) {
        return word(2, line, start, length);
    }

    private String word(int index, byte[] line, int start, int length) {
        String known = words[index];
        if (known != null && sameBytes(known, line, start, length)) {
            return known;
        }
        String word = new String(line, start, length, StandardCharsets.ISO_8859_1);
        words[index] = word;
        return word;
    }

    @Override
    protected AsciiString splitHeaderName(byte[] line, int start, int length) {
        if (length == 0) {
            return AsciiString.EMPTY_STRING;
        }
        int slot = (length * 31 + line[start] * 7 + line[start + length - 1]) & (NAME_SLOTS - 1);
        AsciiString known = names[slot];
        if (known != null && sameBytes(known.array(), known.arrayOffset(), known.length(), line, start, length)) {
            return known;
        }
        AsciiString name = new AsciiString(line, start, length, true);
        names[slot] = name;
        return name;
    }

    private static boolean sameBytes(byte[] known, int offset, int knownLength, byte[] line, int start, int length) {
        if (knownLength != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known[offset + i] != line[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBytes(String known, byte[] line, int start, int length) {
        if (known.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known.charAt(i) != (line[start + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** Trailer maps for the body being read: a real one only for a chunked body. */
    private static final class Trailers implements HttpHeadersFactory {

        private static final HttpHeadersFactory CHUNKED = DefaultHttpHeadersFactory.trailersFactory();

        private boolean chunked;

        @Override
        public HttpHeaders newHeaders() {
            return chunked ? CHUNKED.newHeaders() : EmptyHttpHeaders.INSTANCE;
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return chunked ? CHUNKED.newEmptyHeaders() : EmptyHttpHeaders.INSTANCE;
        }
    }
}
