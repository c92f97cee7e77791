package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * 10,000 idle connections (1,000 from each of ten client addresses, under the per-address cap) do
 * not stop the control plane from answering the AWS SDK. The control plane runs in a process of
 * its own, so that each side holds 10,000 sockets: the file limit must allow 10,100 open files
 * ({@code ulimit -n}; the JVM raises its soft limit to the hard one). Prints the server's resident
 * memory before and after, for the record; nothing here times or asserts memory.
 */
class IdleConnectionsTest {

    private static final int ADDRESSES = 10;
    private static final int PER_ADDRESS = 1000;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void tenThousandIdleConnectionsDoNotStopTheApi() throws Exception {
        ControlPlaneProcess.Started server = ControlPlaneProcess.start(
                data, "-Dsvcconnect.maxConnections=12000", "-Dsvcconnect.requestHeadSeconds=120");
        List<Socket> idle = new ArrayList<>();
        try (EcsClient ecs = ControlPlaneFixture.ecs(server.endpoint(), ControlPlaneFixture.adminOf(data))) {
            ecs.createCluster(b -> b.clusterName("before"));
            String before = rss(server.process());
            for (int a = 0; a < ADDRESSES; a++) {
                InetAddress from = InetAddress.getByName("127.0.1." + (a + 1));
                for (int i = 0; i < PER_ADDRESS; i++) {
                    Socket socket = new Socket();
                    idle.add(socket);
                    socket.bind(new InetSocketAddress(from, 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                }
            }

            ecs.createCluster(b -> b.clusterName("during"));
            assertThat(ecs.listClusters().clusterArns()).hasSize(2);
            assertThat(idle).allMatch(socket -> !socket.isClosed());
            System.out.printf(
                    "control plane pid %d: VmRSS %s before, %s with %d idle connections%n",
                    server.process().pid(), before, rss(server.process()), idle.size());
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
            server.process().destroy();
            server.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String rss(Process process) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> line.substring("VmRSS:".length()).trim())
                .findFirst()
                .orElse("unknown");
    }
}
