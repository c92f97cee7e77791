package dev.svcconnect.controlplane.server;

import dev.svcconnect.controlplane.store.StoreLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a control plane as a process of its own, for the tests that kill it and for the
 * benchmark: {@code java -cp CLASSPATH dev.svcconnect.controlplane.server.ControlPlaneProcess DATA_DIR [PORT
 * [STORE REPLICA_ID]]} (STORE as {@code control-plane --store}). Prints {@code listening PORT} once it serves.
 * {@code -Dsvcconnect.maxConnections=N} and {@code -Dsvcconnect.requestHeadSeconds=S} change those limits.
 */
public final class ControlPlaneProcess {

    private ControlPlaneProcess() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 && args.length != 2 && args.length != 4) {
            System.err.println("usage: ControlPlaneProcess DATA_DIR [PORT [STORE REPLICA_ID]]");
            System.exit(2);
        }
        int port = args.length >= 2 ? Integer.parseInt(args[1]) : 0;
        ControlPlaneConfig.Builder config = ControlPlaneConfig.builder()
                .port(port)
                .dataDirectory(Path.of(args[0]))
                .limits(ServerLimits.builder()
                        .maxConnections(
                                Integer.getInteger("svcconnect.maxConnections", ServerLimits.DEFAULT_MAX_CONNECTIONS))
                        .requestHeadTimeout(Duration.ofSeconds(Integer.getInteger("svcconnect.requestHeadSeconds", (int)
                                ServerLimits.DEFAULT_REQUEST_HEAD_TIMEOUT.toSeconds())))
                        .build());
        if (args.length == 4) {
            config.store(StoreLocation.parse(args[2], null, System.getenv())).replicaId(args[3]);
        }
        ControlPlaneServer server = ControlPlaneServer.start(config.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("listening " + server.port());
        System.out.flush();
        stopped.await();
    }

    /** Starts one in a new JVM with this JVM's class path; answers the process and its port. */
    static Started start(Path data, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), ControlPlaneProcess.class.getName(), data.toString()));
        return started(command);
    }

    /** As {@link #start(Path, String...)}, a replica {@code replicaId} on the shared {@code store}. */
    static Started startReplica(Path data, String store, String replicaId) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ControlPlaneProcess.class.getName(),
                data.toString(),
                "0",
                store,
                replicaId));
        return started(command);
    }

    private static Started started(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the control plane process did not start: " + line);
        }
        return new Started(process, Integer.parseInt(line.substring("listening ".length())));
    }

    /** A control plane process and the port it serves. */
    record Started(Process process, int port) {

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }
}
