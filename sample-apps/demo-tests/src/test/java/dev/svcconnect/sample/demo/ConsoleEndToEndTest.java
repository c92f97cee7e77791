package dev.svcconnect.sample.demo;

import static dev.svcconnect.sample.demo.SvcConnectCli.curl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Known traffic through the deployed sample's load balancer gives exact counts in the control
 * plane's {@code /metrics} and in the console's JSON, and the webui service page in Debian's
 * headless Chromium shows its request rate rising while the traffic runs and the tails of a webui
 * task's container and proxy logs: {@code svc-connect deploy}, a known number of page loads, then
 * {@code svc-connect destroy}. Needs root (network namespaces), curl, ip and chromium.
 * Screenshots go to {@code target/console-sample-*.png}.
 */
class ConsoleEndToEndTest {

    private static final int PAGE_LOADS = 30;
    /** Each page load asks appserver twice: GetInfo (the greeting) and ListItems. */
    private static final int APPSERVER_CALLS_PER_PAGE = 2;

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} ([0-9.eE+-]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBUI_PAGE = "/console#/services/svc-cluster-2/webui";

    @TempDir
    Path work;

    @Test
    void knownPageLoadsThroughTheLoadBalancerGiveExactCountsInMetricsAndTheConsole() throws Exception {
        int port = SvcConnectCli.freePortPair();
        Path dir = work.resolve("console");
        String pageUrl = "http://127.0.0.1:" + port;
        String deployed = "";
        try {
            deployed = SvcConnectCli.run(
                    Map.of("CDK_CONTEXT_JSON", "{\"sample:port\":" + port + "}"),
                    240,
                    "deploy",
                    "--dir",
                    dir.toString());
            String controlPlane = DemoEndToEndTest.controlPlaneOf(deployed);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(curl(pageUrl + "/")).contains("Hello from"));
            Counts before = settled(controlPlane);
            ChromeDriver browser = chromium();
            try {
                browser.get(controlPlane + WEBUI_PAGE);
                await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> rate(browser) >= 0);
                double rateBefore = rate(browser);

                for (int load = 0; load < PAGE_LOADS; load++) {
                    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", pageUrl + "/"))
                            .isEqualTo("200");
                }

                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(counts(controlPlane))
                                .isEqualTo(new Counts(
                                        before.webuiInbound() + PAGE_LOADS,
                                        before.webuiToAppserver() + APPSERVER_CALLS_PER_PAGE * PAGE_LOADS)));
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rate(browser) > rateBefore);
                assertThat(rate(browser))
                        .as("requests/s shown after %s before", rateBefore)
                        .isPositive();
                screenshot(browser, "service");
                assertTheServicePageShowsAWebuiTasksLogTails(browser);
                screenshot(browser, "service-logs");
                assertConsoleShowsTheSample(controlPlane);
                assertTheNamespacePageListsBothClusters(browser, controlPlane);
            } finally {
                browser.quit();
            }
        } finally {
            DemoEndToEndTest.destroyQuietly(dir);
        }
        DemoEndToEndTest.assertNothingLeft(dir, DemoEndToEndTest.controlPlaneOf(deployed));
    }

    /** Debian's headless Chromium, driven by Selenium. */
    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1000");
        return new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build(),
                options);
    }

    /** The inbound requests per second (last minute) the service page shows. */
    private static double rate(ChromeDriver browser) {
        return Double.parseDouble(browser.findElement(By.id("inbound-rate")).getDomAttribute("data-value"));
    }

    /**
     * Some webui task shows its container's log (the line webui writes once ready) and its proxy's
     * (the line the proxy writes once started), as shipped by its host agent.
     */
    private static void assertTheServicePageShowsAWebuiTasksLogTails(ChromeDriver browser) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            List<String> tasks = new ArrayList<>();
            for (WebElement section : browser.findElements(By.cssSelector("#logs section[data-task]"))) {
                String container = text(section, "details[data-stream='container:webui'] pre");
                String proxy = text(section, "details[data-stream='proxy'] pre");
                if (container.contains(" webui ready on ") && proxy.contains("proxy started")) {
                    tasks.add(section.getDomAttribute("data-task"));
                }
            }
            assertThat(tasks).isNotEmpty();
        });
        browser.executeScript("document.getElementById('logs').scrollIntoView()");
    }

    private static String text(WebElement section, String css) {
        List<WebElement> found = section.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getDomProperty("textContent");
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path shot = Path.of("target", "console-sample-" + name + ".png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void assertConsoleShowsTheSample(String controlPlane) throws Exception {
        JsonNode services = JSON.readTree(curl(controlPlane + "/console/api/namespaces/svc-namespace/services"));
        List<String> rows = new ArrayList<>();
        services.path("services")
                .forEach(s -> rows.add(
                        s.path("cluster").asText() + "/" + s.path("service").asText() + " "
                                + s.path("runningCount").asInt() + "/"
                                + s.path("desiredCount").asInt()));
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "svc-cluster-1/db 1/1", "svc-cluster-1/appserver 2/2", "svc-cluster-2/webui 2/2");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode topology = JSON.readTree(curl(controlPlane + "/console/api/namespaces/svc-namespace/topology"));
            List<String> edges = new ArrayList<>();
            topology.path("edges")
                    .forEach(e -> edges.add(e.path("source").asText() + " -> "
                            + e.path("target").asText()));
            assertThat(edges).contains("svc-cluster-2/webui -> appserver", "svc-cluster-1/appserver -> db");
        });
    }

    /** The namespace page lists the three services of both clusters ({@code target/console-sample-namespace.png}). */
    private static void assertTheNamespacePageListsBothClusters(ChromeDriver browser, String controlPlane)
            throws Exception {
        browser.get(controlPlane + "/console#/namespaces/svc-namespace");
        String rows = "#services tbody tr[data-service]";
        await().atMost(Duration.ofSeconds(15))
                .until(() -> browser.findElements(By.cssSelector(rows)).size() == 3);
        assertThat(browser.findElements(By.cssSelector(rows)).stream()
                        .map(r -> r.getDomAttribute("data-cluster") + "/" + r.getDomAttribute("data-service")))
                .containsExactlyInAnyOrder("svc-cluster-1/db", "svc-cluster-1/appserver", "svc-cluster-2/webui");
        assertThat(browser.findElement(By.cssSelector("#services")).getText())
                .contains("webui-svc-domain:80", "appserver:8080", "db:9092", "FARGATE");
        screenshot(browser, "namespace");
    }

    /** The counts once two reads one push interval apart agree (the readiness loads have all been reported). */
    private static Counts settled(String controlPlane) {
        AtomicReference<Counts> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofSeconds(6))
                .until(() -> {
                    Counts now = counts(controlPlane);
                    return now.equals(last.getAndSet(now));
                });
        return last.get();
    }

    private static Counts counts(String controlPlane) throws Exception {
        String metrics = curl(controlPlane + "/metrics");
        return new Counts(
                sum(metrics, "RequestCount_total", "DiscoveryName=\"webui-svc\""),
                sum(metrics, "RequestCountPerTarget_total", "TargetDiscoveryName=\"appserver\""));
    }

    private static long sum(String metrics, String name, String label) {
        double total = 0;
        for (String line : metrics.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()
                    && sample.group(1).equals(name)
                    && sample.group(2).contains(label)) {
                total += Double.parseDouble(sample.group(3));
            }
        }
        return Math.round(total);
    }

    /** Inbound requests of webui-svc and webui's requests to appserver, summed over tasks. */
    private record Counts(long webuiInbound, long webuiToAppserver) {}
}
