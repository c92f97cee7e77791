package dev.svcconnect.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A backend on a plain server socket for answers the JDK's HTTP server cannot give: one thread per connection. */
abstract class SocketBackend implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    SocketBackend() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor.execute(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                executor.execute(() -> {
                    try (socket) {
                        serve(socket);
                    } catch (IOException e) {
                        // the proxy went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Talks to one connection; it is closed on return. */
    abstract void serve(Socket socket) throws IOException;

    /** Reads a request head up to its empty line; false when the connection closed first. */
    static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return true;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
