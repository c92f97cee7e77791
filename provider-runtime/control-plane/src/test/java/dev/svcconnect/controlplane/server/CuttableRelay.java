package dev.svcconnect.controlplane.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback to a target port that a test can {@link #cut}: from then on it drops
 * what either side sends and answers nothing, without closing a connection, as a network
 * partition does (a closed connection would tell both sides at once).
 */
final class CuttableRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    CuttableRelay(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing gets through, either way, on old or new connections. */
    void cut() {
        cut = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (cut) {
                    pump(client.getInputStream(), null);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream());
                pump(upstream.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (!cut && out != null) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // The relay closed, or a side went away: this direction ends.
                    }
                },
                "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
