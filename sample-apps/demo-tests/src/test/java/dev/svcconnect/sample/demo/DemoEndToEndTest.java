package dev.svcconnect.sample.demo;

import static dev.svcconnect.sample.demo.SvcConnectCli.ROOT;
import static dev.svcconnect.sample.demo.SvcConnectCli.curl;
import static dev.svcconnect.sample.demo.SvcConnectCli.processesMentioning;
import static dev.svcconnect.sample.demo.SvcConnectCli.taskNamespaces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample end to end, as a user runs it: {@code svc-connect demo --duration}, then
 * {@code svc-connect deploy} of an update while a client keeps loading the page, then
 * {@code svc-connect destroy}. Needs root (network namespaces), Node.js, curl and ip.
 */
class DemoEndToEndTest {

    private static final Duration SHORT = Duration.ofSeconds(15);
    /** The client's pace and bound while the update deploys. */
    private static final Duration PACE = Duration.ofMillis(50);

    private static final int MAX_LOADS = 2000;

    @TempDir
    Path work;

    @Test
    void theDemoServesThePageThroughItsUrlAndLeavesNothingBehind() throws Exception {
        int port = SvcConnectCli.freePortPair();
        Path dir = work.resolve("demo");
        Process demo = SvcConnectCli.start(
                Map.of(),
                "demo",
                "--dir",
                dir.toString(),
                "--port",
                String.valueOf(port),
                "--duration",
                SHORT.toSeconds() + "s");
        List<String> output = new ArrayList<>();
        String pageUrl = null;
        String added = "tea from the test";
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("The page:")) {
                    pageUrl = line.substring("The page:".length()).strip();
                    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", pageUrl + "/"))
                            .isEqualTo("200");
                    assertThat(curl("-L", "--data-urlencode", "name=" + added, pageUrl + "/items"))
                            .contains(added);
                    assertThat(curl(pageUrl + "/")).contains(added).contains("Hello from appserver");
                }
            }
        }
        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(demo.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(pageUrl).as(String.join("\n", output)).isEqualTo("http://127.0.0.1:" + port);
        assertThat(output)
                .anyMatch(l -> l.startsWith("Start to healthy:"))
                .anyMatch(l -> l.contains("webui") && l.contains("2/2 tasks") && l.contains("webui-svc-domain:80"))
                .anyMatch(l -> l.contains("appserver") && l.contains("2/2 tasks") && l.contains("appserver:8080"))
                .anyMatch(l -> l.contains("db ") && l.contains("1/1 tasks") && l.contains("db:9092"))
                .anyMatch(l -> l.startsWith("Metrics:") && l.contains("http://127.0.0.1:" + (port + 1) + "/metrics"));
        assertNothingLeft(dir, controlPlaneOf(Files.readString(dir.resolve("logs/demo-deploy.log"))));
    }

    @Test
    void anUpdateDeployedWhileAClientLoadsThePageFailsNoLoadAndDestroyLeavesNothing() throws Exception {
        int port = SvcConnectCli.freePortPair();
        Path dir = work.resolve("deploy");
        String pageUrl = "http://127.0.0.1:" + port;
        String first = "";
        try {
            first = SvcConnectCli.run(context(port, 2, "Hello from v1"), 240, "deploy", "--dir", dir.toString());
            assertThat(first).contains("SvcConnectSample.PageUrl = " + pageUrl);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(curl(pageUrl + "/")).contains("Hello from v1"));

            AtomicInteger loads = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Process update = SvcConnectCli.start(context(port, 3, "Hello from v2"), "deploy", "--dir", dir.toString());
            Thread drain = new Thread(() -> {
                try {
                    update.getInputStream().transferTo(Files.newOutputStream(dir.resolve("update.out")));
                } catch (Exception e) {
                    failures.add("update output: " + e);
                }
            });
            drain.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (update.isAlive() && System.nanoTime() < deadline && loads.get() < MAX_LOADS) {
                String code = curl("-o", "/dev/null", "-w", "%{http_code}", pageUrl + "/");
                loads.incrementAndGet();
                if (!code.equals("200")) {
                    failures.add(code);
                }
                Thread.sleep(PACE.toMillis());
            }
            assertThat(update.waitFor(60, TimeUnit.SECONDS)).isTrue();
            drain.join(10_000);
            String updateOutput = Files.readString(dir.resolve("update.out"));
            assertThat(update.exitValue()).as(updateOutput).isZero();
            assertThat(loads.get()).isGreaterThan(20);
            assertThat(failures).as("failed page loads out of " + loads.get()).isEmpty();
            assertThat(curl(pageUrl + "/")).contains("Hello from v2");
            assertThat(SvcConnectCli.run(Map.of(), 60, "status", "--dir", dir.toString()))
                    .containsPattern("service webui +FARGATE +desired 3, running 3");
        } finally {
            destroyQuietly(dir);
        }
        String destroyed = Files.readString(dir.resolve("destroy.out"));
        assertThat(destroyed)
                .contains("SvcConnectSample: destroyed")
                .contains("No stack is left")
                .containsPattern("DELETE_COMPLETE +\\| Custom::SvcConnectNamespace")
                .doesNotContain("DELETE_FAILED");
        assertThat(destroyed.lines().filter(l -> l.matches(".*DELETE_COMPLETE +\\| Custom::SvcConnectService .*")))
                .hasSize(3);
        assertNothingLeft(dir, controlPlaneOf(first));
    }

    /** Destroys what the test deployed, also when it failed, keeping the output for the assertions. */
    static void destroyQuietly(Path dir) throws Exception {
        String output;
        try {
            output = SvcConnectCli.run(Map.of(), 240, "destroy", "--dir", dir.toString());
        } catch (AssertionError e) {
            output = e.getMessage();
        }
        Files.writeString(dir.resolve("destroy.out"), output);
    }

    static String controlPlaneOf(String output) {
        return output.lines()
                .filter(l -> l.startsWith("Control plane: "))
                .findFirst()
                .map(l -> l.substring("Control plane: ".length()).split(" ")[0])
                .orElseThrow(() -> new AssertionError("no control plane line in:\n" + output));
    }

    private static Map<String, String> context(int port, int webuiCount, String greeting) {
        return Map.of(
                "CDK_CONTEXT_JSON",
                "{\"sample:port\":" + port + ",\"sample:webuiCount\":" + webuiCount + ",\"sample:greeting\":\""
                        + greeting + "\"}");
    }

    /**
     * Nothing of ours is left as soon as destroy has returned: it waits for the agents to have removed
     * their tasks' processes and network namespaces.
     */
    static void assertNothingLeft(Path dir, String controlPlane) throws Exception {
        assertThat(processesMentioning(dir.toString())).isEmpty();
        assertThat(processesMentioning(controlPlane + " ")).isEmpty();
        for (String service : List.of("db", "appserver", "webui")) {
            assertThat(processesMentioning(ROOT.resolve("sample-apps/" + service + "/target/" + service + ".jar")
                            .toString()))
                    .isEmpty();
        }
        assertThat(taskNamespaces()).isEmpty();
    }
}
