package dev.svcconnect.agent.network;

import dev.svcconnect.model.tls.CaBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the processes of network namespaces reach a control plane that listens on the host's
 * loopback: listens on the bridge address and copies bytes both ways, a thread per direction.
 * Bounded: at most {@link #MAX_CONNECTIONS} relayed at a time (more are closed at accept), a
 * {@link #CONNECT_TIMEOUT} to the control plane, and a connection on which neither side sent a
 * byte for {@link #IDLE_TIMEOUT} (longer than the longest long-poll) is closed. Its port is kept
 * in a file of the agent's data directory, and the next agent on that directory listens on it
 * again: the sidecars of the tasks it takes over were started with this relay's address and keep
 * using it.
 * For an {@code https://} control plane the relay is the TLS client (verifying the certificate
 * and host name against the agent's CA bundle): the sidecars speak plain HTTP to the relay over
 * the host's own bridge, and the relay speaks TLS to the control plane.
 */
final class ControlPlaneRelay implements AutoCloseable {

    /** Connections relayed at a time, all tasks of the host together (each task holds about four). */
    static final int MAX_CONNECTIONS = 1024;
    /** How long the relay waits for the control plane to accept. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The watch API's longest wait (300 s) and a margin. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(330);

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneRelay.class);
    private static final int CHECK_MILLIS = 1000;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Thread acceptor;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final Semaphore places;
    /** The TLS of an {@code https://} control plane; null for {@code http://}. */
    private final SSLSocketFactory tls;

    /**
     * @param portFile where the port is kept: the port a previous relay wrote there is taken again
     *     when it is free (else any port, with a warning), and the port taken is written there
     * @param caBundle what an {@code https://} control plane's certificate is verified against
     */
    ControlPlaneRelay(String bindAddress, URI controlPlane, Path portFile, Optional<CaBundle> caBundle)
            throws IOException {
        this(bindAddress, controlPlane, portFile, caBundle, MAX_CONNECTIONS, IDLE_TIMEOUT);
    }

    ControlPlaneRelay(
            String bindAddress,
            URI controlPlane,
            Path portFile,
            Optional<CaBundle> caBundle,
            int maxConnections,
            Duration idleTimeout)
            throws IOException {
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.places = new Semaphore(maxConnections);
        boolean https = "https".equals(controlPlane.getScheme());
        this.target = InetSocketAddress.createUnresolved(
                controlPlane.getHost(), controlPlane.getPort() < 0 ? (https ? 443 : 80) : controlPlane.getPort());
        try {
            this.tls = !https
                    ? null
                    : caBundle.map(CaBundle::sslContext)
                            .orElse(SSLContext.getDefault())
                            .getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS for the relay to " + controlPlane + ": " + e.getMessage(), e);
        }
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
                if (!places.tryAcquire()) {
                    inside.close();
                    log.debug("relay: refused a connection, {} relayed already", maxConnections);
                    continue;
                }
                Socket outside;
                try {
                    outside = connect();
                    inside.setSoTimeout(CHECK_MILLIS);
                    outside.setSoTimeout(CHECK_MILLIS);
                } catch (IOException e) {
                    log.warn("relay to the control plane: {}", CaBundle.describe(e));
                    inside.close();
                    places.release();
                    continue;
                }
                Relayed relayed = new Relayed(inside, outside);
                pipe(relayed, inside, outside);
                pipe(relayed, outside, inside);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("relay to the control plane: {}", e.getMessage());
                }
            }
        }
    }

    /** A connection to the control plane; for TLS, handshaken with its certificate and host name verified. */
    private Socket connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(
                    new InetSocketAddress(target.getHostString(), target.getPort()), (int) CONNECT_TIMEOUT.toMillis());
            if (tls == null) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, target.getHostString(), target.getPort(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            plain.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            secure.startHandshake();
            plain.setSoTimeout(0);
            return secure;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /** One relayed connection: the time of its last byte either way, and its place given back once. */
    private final class Relayed {
        final Socket inside;
        final Socket outside;
        volatile long lastByteNanos = System.nanoTime();
        private final AtomicBoolean closed = new AtomicBoolean();

        Relayed(Socket inside, Socket outside) {
            this.inside = inside;
            this.outside = outside;
        }

        boolean idle() {
            return System.nanoTime() - lastByteNanos >= idleTimeout.toNanos();
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                closeQuietly(inside);
                closeQuietly(outside);
                places.release();
            }
        }
    }

    /** Copies {@code from} to {@code to}; a read times out every second to see whether the connection idled out. */
    private static void pipe(Relayed relayed, Socket from, Socket to) {

        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        while (true) {
                            int read;
                            try {
                                read = in.read(buffer);
                            } catch (SocketTimeoutException e) {
                                if (relayed.idle()) {
                                    return;
                                }
                                continue;
                            }
                            if (read < 0) {
                                return;
                            }
                            relayed.lastByteNanos = System.nanoTime();
                            out.write(buffer, 0, read);
                        }
                    } catch (IOException e) {
                        // one side closed: close both below
                    } finally {
                        relayed.close();
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
        // A socket closed while a thread is blocked in accept() is released only when that thread
        // leaves accept(): wait for it, so that the next relay can take the port again at once.
        try {
            acceptor.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
