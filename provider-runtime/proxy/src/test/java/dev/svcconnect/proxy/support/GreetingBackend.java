package dev.svcconnect.proxy.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP application that speaks first: it greets every connection and then echoes lines; it counts connections. */
public final class GreetingBackend extends SocketBackend {

    private final AtomicInteger connections = new AtomicInteger();

    @Override
    void serve(Socket socket) throws IOException {
        connections.incrementAndGet();
        socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        socket.getInputStream().transferTo(socket.getOutputStream());
    }

    /** How many connections reached the application. */
    public int connections() {
        return connections.get();
    }
}
