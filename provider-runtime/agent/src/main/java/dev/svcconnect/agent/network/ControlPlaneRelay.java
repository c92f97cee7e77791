package dev.svcconnect.agent.network;

import dev.svcconnect.model.tls.CaBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the processes of network namespaces reach a control plane that listens on the host's
 * loopback: listens on the bridge address and copies bytes both ways, a thread per direction.
 * For an {@code https://} control plane the relay is the TLS client (verifying the certificate
 * and host name against the agent's CA bundle): the sidecars speak plain HTTP to the relay over
 * the host's own bridge, and the relay speaks TLS to the control plane.
 */
final class ControlPlaneRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneRelay.class);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Thread acceptor;
    /** The TLS of an {@code https://} control plane; null for {@code http://}. */
    private final SSLSocketFactory tls;

    ControlPlaneRelay(String bindAddress, URI controlPlane, Optional<CaBundle> caBundle) throws IOException {
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
                Socket outside;
                try {
                    outside = connect();
                } catch (IOException e) {
                    log.warn("relay to the control plane: {}", CaBundle.describe(e));
                    inside.close();
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

    /** A connection to the control plane; for TLS, handshaken with its certificate and host name verified. */
    private Socket connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(target.getHostString(), target.getPort()), 5000);
            if (tls == null) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, target.getHostString(), target.getPort(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            plain.setSoTimeout(5000);
            secure.startHandshake();
            plain.setSoTimeout(0);
            return secure;
        } catch (IOException e) {
            plain.close();
            throw e;
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
