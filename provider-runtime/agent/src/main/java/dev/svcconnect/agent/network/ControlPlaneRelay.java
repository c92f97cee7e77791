package dev.svcconnect.agent.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the processes of network namespaces reach a control plane that listens on the host's
 * loopback: listens on the bridge address and copies bytes both ways, a thread per direction.
 */
final class ControlPlaneRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneRelay.class);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Thread acceptor;

    ControlPlaneRelay(String bindAddress, URI controlPlane) throws IOException {
        this.target =
                new InetSocketAddress(controlPlane.getHost(), controlPlane.getPort() < 0 ? 80 : controlPlane.getPort());
        this.server = new ServerSocket(0, 128, InetAddress.getByName(bindAddress));
        this.acceptor = new Thread(this::accept, "control-plane-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The control plane's URL through this relay. */
    URI uri() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket inside = server.accept();
                Socket outside = new Socket();
                try {
                    outside.connect(target, 5000);
                } catch (IOException e) {
                    inside.close();
                    outside.close();
                    continue;
                }
                pipe(inside, outside);
                pipe(outside, inside);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("relay to the control plane: {}", e.getMessage());
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // one side closed: close both below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "control-plane-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
