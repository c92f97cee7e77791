package dev.svcconnect.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.svcconnect.controlplane.tls.CertificateAuthority;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Control plane replicas as processes of their own ({@code svc-connect control-plane --store URL
 * --data-key-file FILE}), on one PostgreSQL database and one data key, each on a port of its own
 * that it keeps across a restart; for the tests that kill one.
 */
final class ControlPlaneReplicas implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path data;
    private final String store;
    private final Path dataKey;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Starts {@code count} replicas on {@code store} and waits until each answers {@code /health}. */
    ControlPlaneReplicas(Path data, String store, int count) throws IOException, InterruptedException {
        this.data = data;
        this.store = store;
        this.dataKey = data.resolve("data.key");
        Files.createDirectories(data);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(
                Files.createFile(
                        dataKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                Base64.getEncoder().encodeToString(key) + "\n",
                UTF_8);
        // Replicas sign workload certificates under one mesh CA, as docs/ha.md asks: each makes
        // its intermediate under this root, so a sidecar trusts the certificates of any replica.
        CertificateAuthority meshRoot =
                CertificateAuthority.create("e2e mesh root", Duration.ofDays(1), Clock.systemUTC());
        Pem.writeCertificates(data.resolve("mesh-ca.pem"), List.of(meshRoot.certificate()));
        Pem.writePrivateKey(data.resolve("mesh-ca-key.pem"), meshRoot.key());
        for (int i = 0; i < count; i++) {
            ports.add(freePort());
            processes.add(null);
        }
        for (int i = 0; i < count; i++) {
            start(i);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** {@code cp-N}, the replica id and data directory name of the Nth replica. */
    static String id(int replica) {
        return "cp-" + replica;
    }

    /** Starts replica {@code replica} (again, after {@link #kill}) and waits until it answers. */
    void start(int replica) throws IOException, InterruptedException {
        Path replicaData = data.resolve(id(replica));
        Files.createDirectories(replicaData);
        Process process = new ProcessBuilder(Workloads.java(
                        "dev.svcconnect.cli.SvcConnect",
                        "control-plane",
                        "--port",
                        Integer.toString(ports.get(replica)),
                        "--data",
                        replicaData.toString(),
                        "--store",
                        store,
                        "--replica-id",
                        id(replica),
                        "--data-key-file",
                        dataKey.toString(),
                        "--mesh-ca-cert",
                        data.resolve("mesh-ca.pem").toString(),
                        "--mesh-ca-key",
                        data.resolve("mesh-ca-key.pem").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        replicaData.resolve("control-plane.log").toFile()))
                .start();
        processes.set(replica, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (role(replica).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IOException("control plane replica " + id(replica) + " did not answer within 60 s (see "
                        + replicaData.resolve("control-plane.log") + ")");
            }
            Thread.sleep(200);
        }
    }

    /** {@code kill -9} of replica {@code replica}. */
    void kill(int replica) throws InterruptedException {
        Process process = processes.get(replica);
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    URI endpoint(int replica) {
        return URI.create("http://127.0.0.1:" + ports.get(replica));
    }

    /** Every replica's endpoint, in the order {@code order} names them. */
    List<URI> endpoints(List<Integer> order) {
        return order.stream().map(this::endpoint).toList();
    }

    int count() {
        return ports.size();
    }

    /** {@code leader} or {@code follower}, as the replica's {@code GET /health} says; empty when it does not answer. */
    Optional<String> role(int replica) {
        try {
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(endpoint(replica).resolve("/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200
                    ? Optional.of(
                            Json.mapper().readTree(health.body()).path("role").asText())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The replicas that say they lead, by index. */
    List<Integer> leaders() {
        List<Integer> leaders = new ArrayList<>();
        for (int i = 0; i < count(); i++) {
            if (role(i).filter("leader"::equals).isPresent()) {
                leaders.add(i);
            }
        }
        return leaders;
    }

    /** The admin key the replicas wrote, each the same, to their {@code DATA/admin-credentials}. */
    AwsCredentialsProvider admin() {
        return Hosts.adminOf(data.resolve(id(0)));
    }

    /** The admin-credentials file of replica {@code replica}. */
    Path adminCredentials(int replica) {
        return data.resolve(id(replica)).resolve("admin-credentials");
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            if (process != null) {
                process.destroy();
            }
        }
        for (Process process : processes) {
            if (process != null && !process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
