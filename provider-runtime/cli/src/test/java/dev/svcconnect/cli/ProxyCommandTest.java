package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.testsupport.FreePorts;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLines.run(out, err, args);
    }

    @Test
    void withoutAConfigurationSourceItSaysWhatToGive() {
        assertThat(run("proxy")).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "proxy: give either --config FILE.json or --control-plane URL --task TASK_ID (see 'svc-connect proxy --help')");
    }

    @Test
    void aProxyProcessRunsWithoutNettysLeakDetectionUnlessItsJvmNamesALevel() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        try {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
            System.setProperty("io.netty.leakDetection.level", "simple");
            run("proxy");
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.SIMPLE);

            System.clearProperty("io.netty.leakDetection.level");
            run("proxy");
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
        } finally {
            System.clearProperty("io.netty.leakDetection.level");
            ResourceLeakDetector.setLevel(before);
        }
    }

    @Test
    void aControlPlaneNeedsATask() {
        assertThat(run("proxy", "--control-plane", "http://127.0.0.1:7700")).isEqualTo(2);
        assertThat(err.toString()).contains("--task TASK_ID is required with --control-plane");
    }

    @Test
    void aBadFileIsOneLineNamingTheField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("proxy.json"),
                "{\"listeners\": [{\"name\": \"a\", \"bind\": \"127.0.0.1:80\", \"loadBalancing\": \"random\"}]}");

        assertThat(run("proxy", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("proxy: " + file + ": listeners[0].loadBalancing: random")
                .doesNotContain("\n");
    }

    @Test
    void aStaticProxyServesUntilDrainedThenExitsZero(@TempDir Path dir) throws Exception {
        int admin = FreePorts.next();
        Path file = Files.writeString(
                dir.resolve("proxy.json"),
                "{\"admin\": {\"bind\": \"127.0.0.1:" + admin + "\"}, \"drainTimeSeconds\": 2, \"listeners\": []}");
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> run("proxy", "--config", file.toString()));
        HttpClient client = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + admin + "/ready");

        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
        HttpResponse<String> drain = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/drain"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(drain.statusCode()).isEqualTo(202);
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void anEmfLogThatCannotBeWrittenIsOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(
                dir.resolve("proxy.json"),
                "{\"admin\": {\"bind\": \"127.0.0.1:" + FreePorts.next() + "\"}, \"listeners\": []}");
        Path emf = dir.resolve("missing/emf.log");

        assertThat(run("proxy", "--config", file.toString(), "--emf-log", emf.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("proxy: --emf-log: cannot append to " + emf)
                .doesNotContain("\n");
    }

    @Test
    void withAnEmfLogTheProxyAppendsEmbeddedMetricLines(@TempDir Path dir) throws Exception {
        int admin = FreePorts.next();
        Path file = Files.writeString(
                dir.resolve("proxy.json"),
                "{\"admin\": {\"bind\": \"127.0.0.1:" + admin
                        + "\"}, \"drainTimeSeconds\": 1, \"serviceName\": \"webui\", \"clusterName\": \"east\", \"listeners\": "
                        + "[{\"name\": \"appserver\", \"bind\": \"127.0.0.1:" + FreePorts.next()
                        + "\", \"protocol\": \"http\", "
                        + "\"discoveryName\": \"appserver\", \"endpoints\": [\"127.0.0.1:" + FreePorts.next()
                        + "\"]}]}");
        Path emf = dir.resolve("emf.log");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> run("proxy", "--config", file.toString(), "--emf-log", emf.toString()));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(emf) && !Files.readAllLines(emf).isEmpty());
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/drain"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllLines(emf).get(0))
                .contains(
                        "\"Namespace\":\"AWS/ECS\"",
                        "\"TargetDiscoveryName\":\"appserver\"",
                        "\"ServiceName\":\"webui\"",
                        "\"ClusterName\":\"east\"",
                        "\"RequestCountPerTarget\":0");
    }
}
