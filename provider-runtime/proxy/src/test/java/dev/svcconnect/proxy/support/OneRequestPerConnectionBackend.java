package dev.svcconnect.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application whose keep-alive goes wrong the common way: it answers the first request of a
 * connection as keep-alive, then closes the connection when the second request arrives, without
 * answering it (as when its idle timeout races a new request).
 */
public final class OneRequestPerConnectionBackend extends SocketBackend {

    private final AtomicInteger answered = new AtomicInteger();

    @Override
    void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        if (!readHead(in)) {
            return;
        }
        answered.incrementAndGet();
        socket.getOutputStream()
                .write(("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        readHead(in);
    }

    public int answered() {
        return answered.get();
    }
}
