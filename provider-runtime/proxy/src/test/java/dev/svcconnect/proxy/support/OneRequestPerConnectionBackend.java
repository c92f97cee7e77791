package dev.svcconnect.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application whose keep-alive goes wrong the common way: it answers the first request of a
 * connection as keep-alive, then closes the connection when the second request arrives, without
 * answering it (as when its idle timeout races a new request).
 */
public final class OneRequestPerConnectionBackend implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger answered = new AtomicInteger();

    public OneRequestPerConnectionBackend() {
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
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            readHead(in);
            answered.incrementAndGet();
            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            readHead(in);
        } catch (IOException e) {
            // the proxy went away: nothing to answer
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public int answered() {
        return answered.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
