package dev.svcconnect.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay to the control plane holds a bounded number of connections, and none for ever. */
class ControlPlaneRelayTest {

    @TempDir
    Path data;

    private ServerSocket controlPlane;
    private Thread echo;
    private final List<Socket> sockets = new ArrayList<>();

    /** Stands in for the control plane's port: echoes every byte back, one thread per connection. */
    @BeforeEach
    void startEcho() throws IOException {
        controlPlane = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echo = new Thread(() -> {
            while (!controlPlane.isClosed()) {
                try {
                    Socket accepted = controlPlane.accept();
                    sockets.add(accepted);
                    Thread copy = new Thread(() -> {
                        try {
                            accepted.getInputStream().transferTo(accepted.getOutputStream());
                        } catch (IOException e) {
                            // closed
                        }
                    });
                    copy.setDaemon(true);
                    copy.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        echo.setDaemon(true);
        echo.start();
    }

    @AfterEach
    void stop() throws IOException {
        controlPlane.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aConnectionOverTheCapIsClosedAtAcceptWhileTheOthersAreRelayed() throws IOException {
        try (ControlPlaneRelay relay = relay(2, Duration.ofSeconds(60))) {
            Socket first = connect(relay);
            Socket second = connect(relay);
            assertThat(roundTrip(first)).isEqualTo('a');
            assertThat(roundTrip(second)).isEqualTo('a');

            Socket third = connect(relay);

            assertThat(readEnd(third)).isEqualTo(-1);
            assertThat(roundTrip(first)).isEqualTo('a');
            first.close();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(roundTrip(connect(relay))).isEqualTo('a'));
        }
    }

    @Test
    void aConnectionIdleOnBothSidesIsClosed() throws IOException {
        try (ControlPlaneRelay relay = relay(8, Duration.ofMillis(1500))) {
            Socket client = connect(relay);
            assertThat(roundTrip(client)).isEqualTo('a');

            assertThat(readEnd(client)).as("closed after 1.5 s without a byte").isEqualTo(-1);
        }
    }

    private ControlPlaneRelay relay(int max, Duration idle) throws IOException {
        return new ControlPlaneRelay(
                "127.0.0.1",
                URI.create("http://127.0.0.1:" + controlPlane.getLocalPort()),
                data.resolve(NetnsIsolation.RELAY_PORT_FILE),
                Optional.empty(),
                max,
                idle);
    }

    private Socket connect(ControlPlaneRelay relay) throws IOException {
        Socket socket = new Socket(relay.uri().getHost(), relay.uri().getPort());
        sockets.add(socket);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static int roundTrip(Socket socket) throws IOException {
        socket.getOutputStream().write('a');
        return socket.getInputStream().read();
    }

    /** The next read: -1 at the end; fails if nothing comes within the socket's timeout. */
    private static int readEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }
}
