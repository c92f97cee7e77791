package dev.svcconnect.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A host agent's link to the control plane, which a scenario can cut: a relay on loopback that,
 * while cut, keeps every connection open and drops every byte both ways, as a network that drops
 * packets does (the agent's calls hang until its own timeouts); healing closes the connections
 * that lost bytes, and the agent connects again.
 */
final class Uplink implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean cut;

    Uplink(int controlPlanePort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPlanePort);
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "uplink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The control plane's URL through this link. */
    URI uri() {
        return uri("http");
    }

    /**
     * The control plane's URL through this link, for a control plane that serves {@code scheme}
     * ({@code https}: the link carries the TLS bytes as they are, on the address the certificate names).
     */
    URI uri(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort());
    }

    void cut() {
        cut = true;
    }

    void heal() {
        synchronized (sockets) {
            sockets.forEach(Uplink::closeQuietly);
            sockets.clear();
        }
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket inside = server.accept();
                Socket outside = new Socket();
                outside.connect(target, 5000);
                synchronized (sockets) {
                    sockets.add(inside);
                    sockets.add(outside);
                }
                pump(inside, outside);
                pump(outside, inside);
            } catch (IOException e) {
                // closed, or the control plane is down: the agent's call fails and it tries again
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (!cut) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        if (!cut) {
                            closeQuietly(from);
                            closeQuietly(to);
                        }
                    }
                },
                "uplink-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        heal();
    }
}
