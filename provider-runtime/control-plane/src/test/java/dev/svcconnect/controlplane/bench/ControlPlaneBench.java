package dev.svcconnect.controlplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load driver of {@code bench/control-plane.sh}: against a running control plane, measures
 * DiscoverInstances, DescribeServices and RegisterInstance (a write) requests per second (against
 * GET /health, the server's floor, measured in the same run) and the time for a registered instance to reach a waiting
 * watcher (against the 100 ms target). Given a second control plane (a replica on the same
 * PostgreSQL store), the watchers wait on that one: commit through one replica, watcher woken on
 * another. Every loop is bounded in count and time.
 */
public final class ControlPlaneBench {

    private static final String ECS = AdminCalls.ECS;
    private static final String CLOUD_MAP = AdminCalls.CLOUD_MAP;
    private static final int THREADS = 8;
    private static final Duration PHASE = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final int LATENCY_SAMPLES = 200;

    private final URI endpoint;
    private final URI watchEndpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final AccessKey admin;
    private final AdminCalls calls;

    private ControlPlaneBench(URI endpoint, URI watchEndpoint, AccessKey admin) {
        this.endpoint = endpoint;
        this.watchEndpoint = watchEndpoint;
        this.admin = admin;
        this.calls = new AdminCalls(http, endpoint, admin);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println(
                    "usage: ControlPlaneBench http://HOST:PORT DATA_DIRECTORY [http://WATCHER-REPLICA:PORT]");
            System.exit(2);
        }
        var credentials = ControlPlaneFixture.adminOf(Path.of(args[1])).resolveCredentials();
        AccessKey admin = new AccessKey(
                Identity.user(credentials.accessKeyId(), Role.ADMIN, "bootstrap"), credentials.secretAccessKey());
        URI endpoint = URI.create(args[0]);
        new ControlPlaneBench(endpoint, args.length == 3 ? URI.create(args[2]) : endpoint, admin).run();
    }

    private void run() throws Exception {
        calls.call(
                ECS + "CreateCluster",
                "{\"clusterName\":\"bench\",\"serviceConnectDefaults\":{\"namespace\":\"bench-ns\"}}");
        calls.call(
                ECS + "RegisterTaskDefinition",
                "{\"family\":\"web\",\"networkMode\":\"awsvpc\",\"containerDefinitions\":"
                        + "[{\"name\":\"web\",\"portMappings\":[{\"name\":\"http\",\"containerPort\":8080,\"appProtocol\":\"http\"}]}]}");
        calls.call(
                ECS + "CreateService",
                "{\"cluster\":\"bench\",\"serviceName\":\"web\",\"taskDefinition\":\"web\",\"desiredCount\":1,"
                        + "\"serviceConnectConfiguration\":{\"enabled\":true,\"services\":[{\"portName\":\"http\",\"discoveryName\":\"web\","
                        + "\"clientAliases\":[{\"port\":80}]}]}}");
        JsonNode services = calls.call(CLOUD_MAP + "ListServices", "{}");
        String serviceId = services.get("Services").get(0).get("Id").asText();
        for (int i = 0; i < 10; i++) {
            calls.register(serviceId, "seed-" + i, "10.0.0." + (i + 1));
        }

        double health = rate(() -> get("/health"));
        double discover = rate(() -> calls.call(
                CLOUD_MAP + "DiscoverInstances", "{\"NamespaceName\":\"bench-ns\",\"ServiceName\":\"web\"}"));
        double describe =
                rate(() -> calls.call(ECS + "DescribeServices", "{\"cluster\":\"bench\",\"services\":[\"web\"]}"));
        long[] latencies = watcherLatencies(serviceId);
        // Writes last: the instances they add would slow the reads and watches measured above.
        AtomicLong written = new AtomicLong();
        double writes = rate(() -> calls.register(serviceId, "written-" + written.incrementAndGet(), "10.1.0.1"));

        double p50 = latencies[latencies.length / 2] / 1e6;
        double p99 = latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6;
        System.out.printf(
                "%n%-44s %12s %12s%n",
                "measure (" + THREADS + " client threads, " + PHASE.toSeconds() + " s each)", "value", "ratio");
        System.out.printf("%-44s %12.0f %12s%n", "GET /health req/s (reference)", health, "1.00");
        System.out.printf("%-44s %12.0f %12.2f%n", "DiscoverInstances req/s", discover, discover / health);
        System.out.printf("%-44s %12.0f %12.2f%n", "DescribeServices req/s", describe, describe / health);
        System.out.printf("%-44s %12.0f %12.2f%n", "RegisterInstance req/s (a write each)", writes, writes / health);
        System.out.printf("%-44s %12s %12s%n", "instance -> waiting watcher, target (ms)", "100", "1.00");
        if (!watchEndpoint.equals(endpoint)) {
            System.out.printf(
                    "(the watchers wait on %s, the instances are registered through %s)%n", watchEndpoint, endpoint);
        }
        System.out.printf("%-44s %12.1f %12.2f%n", "instance -> waiting watcher p50 (ms)", p50, p50 / 100);
        System.out.printf("%-44s %12.1f %12.2f%n", "instance -> waiting watcher p99 (ms)", p99, p99 / 100);
        System.out.printf(
                "(%d watcher samples; time from sending RegisterInstance to the watcher's answer)%n", latencies.length);
    }

    /** Requests per second of {@code request}, from {@value #THREADS} threads for one phase. */
    private double rate(Request request) throws Exception {
        long warmUp = System.nanoTime() + WARM_UP.toNanos();
        for (int i = 0; i < 100_000 && System.nanoTime() < warmUp; i++) {
            request.send();
        }
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + PHASE.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(threads.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        request.send();
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(PHASE.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        return done.get() / (double) PHASE.toSeconds();
    }

    private long[] watcherLatencies(String serviceId) throws Exception {
        long[] latencies = new long[LATENCY_SAMPLES];
        long revision = Json.mapper()
                .readTree(get(watchEndpoint, "/watch/v1/namespaces/bench-ns/endpoints"))
                .get("revision")
                .asLong();
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
            CompletableFuture<HttpResponse<String>> watcher = http.sendAsync(
                    HttpRequest.newBuilder(watchEndpoint.resolve(
                                    "/watch/v1/namespaces/bench-ns/endpoints?revision=" + revision + "&waitSeconds=30"))
                            .header("Authorization", TestSigning.bearer(admin))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(5);
            long start = System.nanoTime();
            calls.register(serviceId, "watched-" + i, "10.1." + (i / 250) + "." + (i % 250 + 1));
            HttpResponse<String> answer = watcher.get(30, TimeUnit.SECONDS);
            latencies[i] = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the watcher got " + answer.statusCode() + " instead of the change");
            }
            revision = Json.mapper().readTree(answer.body()).get("revision").asLong();
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private String get(String path) throws IOException, InterruptedException {
        return get(endpoint, path);
    }

    private String get(URI server, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(server.resolve(path))
                        .header("Authorization", TestSigning.bearer(admin))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    @FunctionalInterface
    private interface Request {
        Object send() throws Exception;
    }
}
