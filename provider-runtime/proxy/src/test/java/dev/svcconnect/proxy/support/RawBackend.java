package dev.svcconnect.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An application that answers every request (a head without a body) of a keep-alive connection
 * with the same raw bytes, for responses the JDK's HTTP server cannot send (such as trailers).
 */
public final class RawBackend extends SocketBackend {

    private final byte[] response;

    public RawBackend(String response) {
        this.response = response.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (readHead(in)) {
            socket.getOutputStream().write(response);
            socket.getOutputStream().flush();
        }
    }
}
