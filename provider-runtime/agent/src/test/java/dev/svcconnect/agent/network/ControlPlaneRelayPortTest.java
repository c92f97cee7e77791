package dev.svcconnect.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay that lets tasks' sidecars reach the control plane keeps its port for the next agent on
 * the same data directory: the sidecars of the tasks that agent takes over still use it.
 */
class ControlPlaneRelayPortTest {

    @TempDir
    Path data;

    private final ServerSocket controlPlane = greeter();

    @AfterEach
    void close() throws IOException {
        controlPlane.close();
    }

    @Test
    void aRelayStartedAgainOnTheSameDataDirectoryListensOnThePortOfThePreviousOneAndRelays() throws IOException {
        Path portFile = data.resolve(NetnsIsolation.RELAY_PORT_FILE);
        URI first;
        try (ControlPlaneRelay relay =
                new ControlPlaneRelay("127.0.0.1", controlPlaneUri(), portFile, Optional.empty())) {
            first = relay.uri();
        }

        try (ControlPlaneRelay again =
                new ControlPlaneRelay("127.0.0.1", controlPlaneUri(), portFile, Optional.empty())) {
            assertThat(again.uri()).isEqualTo(first);
            assertThat(Files.readString(portFile)).isEqualTo(Integer.toString(first.getPort()));
            try (Socket socket = new Socket("127.0.0.1", again.uri().getPort())) {
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("control plane");
            }
        }
    }

    @Test
    void aRelayWhosePreviousPortIsTakenListensOnAnotherAndKeepsThatOne() throws IOException {
        Path portFile = data.resolve(NetnsIsolation.RELAY_PORT_FILE);
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(portFile, Integer.toString(squatter.getLocalPort()));

            try (ControlPlaneRelay relay =
                    new ControlPlaneRelay("127.0.0.1", controlPlaneUri(), portFile, Optional.empty())) {
                assertThat(relay.uri().getPort()).isNotEqualTo(squatter.getLocalPort());
                assertThat(Files.readString(portFile))
                        .isEqualTo(Integer.toString(relay.uri().getPort()));
            }
        }
    }

    private URI controlPlaneUri() {
        return URI.create("http://127.0.0.1:" + controlPlane.getLocalPort());
    }

    /** A stand-in for the control plane's port: says who it is to each connection and closes it. */
    private static ServerSocket greeter() {
        try {
            ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        OutputStream out = socket.getOutputStream();
                        out.write("control plane".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
