package dev.svcconnect.agent.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the processes of network namespaces reach a control plane that listens on the host's
 * loopback: listens on the bridge address and copies bytes both ways, a thread per direction. Its
 * port is kept in a file of the agent's data directory, and the next agent on that directory
 * listens on it again: the sidecars of the tasks it takes over were started with this relay's
 * address and keep using it.
 */
final class ControlPlaneRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneRelay.class);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Thread acceptor;

    /**
     * @param portFile where the port is kept: the port a previous relay wrote there is taken again
     *     when it is free (else any port, with a warning), and the port taken is written there
     */
    ControlPlaneRelay(String bindAddress, URI controlPlane, Path portFile) throws IOException {
        this.target =
                new InetSocketAddress(controlPlane.getHost(), controlPlane.getPort() < 0 ? 80 : controlPlane.getPort());
        this.server = listen(InetAddress.getByName(bindAddress), previousPort(portFile));
        Files.writeString(portFile, Integer.toString(server.getLocalPort()));
        this.acceptor = new Thread(this::accept, "control-plane-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static int previousPort(Path portFile) throws IOException {
        if (!Files.exists(portFile)) {
            return 0;
        }
        try {
            return Integer.parseInt(Files.readString(portFile).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ServerSocket listen(InetAddress address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(address, port), 128);
            return server;
        } catch (BindException e) {
            server.close();
            if (port == 0) {
                throw e;
            }
            log.warn(
                    "relay to the control plane: port {} of the previous agent is taken ({}); the sidecars of the"
                            + " tasks it started no longer reach the control plane",
                    port,
                    e.getMessage());
            return listen(address, 0);
        }
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
