package dev.svcconnect.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.AsciiString;

/** Removes the headers that belong to one connection and must not be forwarded (RFC 9110 7.6.1). */
final class HopByHop {

    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final ExtensionHeaderNames[] EXTENSIONS = ExtensionHeaderNames.values();

    private HopByHop() {}

    /**
     * Cleans a message's headers before it is forwarded.
     *
     * @param keepUpgrade keep {@code Upgrade} and {@code Connection: upgrade} (a WebSocket handshake)
     */
    static void strip(HttpHeaders headers, boolean keepUpgrade) {
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            if (connection.indexOf(',') >= 0) {
                for (String token : connection.split(",")) {
                    removeNamedBy(headers, token.trim(), keepUpgrade);
                }
            } else {
                removeNamedBy(headers, connection.trim(), keepUpgrade);
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        headers.remove(KEEP_ALIVE);
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.EXPECT);
        if (keepUpgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        } else {
            headers.remove(HttpHeaderNames.UPGRADE);
        }
        String te = headers.get(HttpHeaderNames.TE);
        if (te != null && !te.trim().equalsIgnoreCase("trailers")) {
            headers.remove(HttpHeaderNames.TE);
        }
    }

    /** Removes a header that {@code Connection} names (its usual values name no header). */
    private static void removeNamedBy(HttpHeaders headers, String name, boolean keepUpgrade) {
        if (!name.isEmpty()
                && !name.equalsIgnoreCase("keep-alive")
                && !name.equalsIgnoreCase("close")
                && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))) {
            headers.remove(name);
        }
    }

    /** Removes the extension headers that Netty's HTTP/2 conversion adds ({@code x-http2-*}). */
    static void stripHttp2Extensions(HttpHeaders headers) {
        for (ExtensionHeaderNames name : EXTENSIONS) {
            headers.remove(name.text());
        }
    }

    /** Whether a request asks for a WebSocket upgrade. */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }
}
