package dev.svcconnect.controlplane.console;

import static dev.svcconnect.controlplane.console.ConsoleFixture.inbound;
import static dev.svcconnect.controlplane.console.ConsoleFixture.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.metrics.DeniedCalls;
import dev.svcconnect.model.metrics.MetricsReport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleApiTest {

    @TempDir
    Path data;

    private ConsoleFixture fixture;
    private String webui;
    private String appserverEast;

    @BeforeEach
    void start() throws Exception {
        fixture = new ConsoleFixture(data);
        webui = fixture.taskId("east", "webui");
        appserverEast = fixture.taskId("east", "appserver");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void pushKnownTraffic() throws Exception {
        assertThat(fixture.push(
                                webui,
                                "webui",
                                "east",
                                1,
                                inbound("webui", 10, 1000, 1),
                                outbound("appserver", 8, 2, 500, 40))
                        .statusCode())
                .isEqualTo(200);
        assertThat(fixture.push(
                                webui,
                                "webui",
                                "east",
                                1,
                                inbound("webui", 25, 2500, 3),
                                outbound("appserver", 20, 5, 1500, 100))
                        .statusCode())
                .isEqualTo(200);
        assertThat(fixture.push(
                                appserverEast,
                                "appserver",
                                "east",
                                7,
                                inbound("appserver", 25, 900, 0),
                                outbound("db", 30, 0, 4000, 30))
                        .statusCode())
                .isEqualTo(200);
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void pushedReportsGiveExactCountsInThePrometheusText() throws Exception {
        pushKnownTraffic();

        HttpResponse<String> response = fixture.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = response.body();
        assertThat(lines(text, "RequestCount_total{"))
                .containsExactlyInAnyOrder(
                        "RequestCount_total{ClusterName=\"east\",DiscoveryName=\"appserver\",ServiceName=\"appserver\"} 25.0",
                        "RequestCount_total{ClusterName=\"east\",DiscoveryName=\"webui\",ServiceName=\"webui\"} 25.0");
        assertThat(lines(text, "ProcessedBytes_total{ClusterName=\"east\",DiscoveryName=\"webui\""))
                .containsExactly(
                        "ProcessedBytes_total{ClusterName=\"east\",DiscoveryName=\"webui\",ServiceName=\"webui\"} 2500.0");
        assertThat(lines(text, "ActiveConnectionCount{ClusterName=\"east\",DiscoveryName=\"webui\""))
                .containsExactly(
                        "ActiveConnectionCount{ClusterName=\"east\",DiscoveryName=\"webui\",ServiceName=\"webui\"} 3.0");
        assertThat(lines(text, "HTTPCode_Target_5XX_Count_total{"))
                .containsExactlyInAnyOrder(
                        "HTTPCode_Target_5XX_Count_total{ClusterName=\"east\",ServiceName=\"appserver\",TargetDiscoveryName=\"db\"} 0.0",
                        "HTTPCode_Target_5XX_Count_total{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\"} 5.0");
        assertThat(lines(text, "RequestCountPerTarget_total{ClusterName=\"east\",ServiceName=\"webui\""))
                .containsExactly(
                        "RequestCountPerTarget_total{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\"} 25.0");
        assertThat(lines(text, "TargetResponseTime_bucket{ClusterName=\"east\",ServiceName=\"webui\""))
                .containsExactly(
                        "TargetResponseTime_bucket{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\",le=\"10.0\"} 20",
                        "TargetResponseTime_bucket{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\",le=\"100.0\"} 25",
                        "TargetResponseTime_bucket{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\",le=\"+Inf\"} 25");
        assertThat(lines(text, "TargetResponseTime_sum{ClusterName=\"east\",ServiceName=\"webui\""))
                .containsExactly(
                        "TargetResponseTime_sum{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\"} 100.0");
    }

    @Test
    void aRestartedProxyAddsToWhatItsTaskHadReported() throws Exception {
        pushKnownTraffic();
        fixture.push(webui, "webui", "east", 2, inbound("webui", 4, 0, 0));

        assertThat(lines(
                        fixture.get("/metrics").body(),
                        "RequestCount_total{ClusterName=\"east\",DiscoveryName=\"webui\""))
                .containsExactly(
                        "RequestCount_total{ClusterName=\"east\",DiscoveryName=\"webui\",ServiceName=\"webui\"} 29.0");
    }

    @Test
    void endpointCountsComeFromCloudMapHealth() throws Exception {
        String db = fixture.taskId("west", "db");
        String host = Json.mapper()
                .readTree(fixture.post(
                                "/watch/v1/hosts",
                                "{\"cluster\":\"west\",\"launchType\":\"FARGATE\",\"address\":\"10.0.0.9\"}")
                        .body())
                .get("hostId")
                .asText();
        assertThat(host).isNotBlank();
        assertThat(fixture.post(
                                "/watch/v1/tasks/" + db + "/state",
                                "{\"lastStatus\":\"RUNNING\",\"address\":\"10.0.0.9\"}")
                        .statusCode())
                .isEqualTo(200);

        String text = fixture.get("/metrics").body();

        assertThat(lines(text, "HealthyEndpointCount{Namespace=\"shop\"")).isEmpty();
        assertThat(lines(text, "HealthyEndpointCount{DiscoveryName=\"db\""))
                .containsExactly("HealthyEndpointCount{DiscoveryName=\"db\",Namespace=\"shop\"} 1.0");
        assertThat(lines(text, "UnhealthyEndpointCount{DiscoveryName=\"db\""))
                .containsExactly("UnhealthyEndpointCount{DiscoveryName=\"db\",Namespace=\"shop\"} 0.0");
        assertThat(lines(text, "HealthyEndpointCount{DiscoveryName=\"webui\""))
                .containsExactly("HealthyEndpointCount{DiscoveryName=\"webui\",Namespace=\"shop\"} 0.0");
        JsonNode dbRow = row(fixture.json("/console/api/namespaces/shop/services"), "west", "db");
        assertThat(dbRow.get("healthyEndpoints").asInt()).isEqualTo(1);
        assertThat(dbRow.get("runningCount").asInt()).isEqualTo(1);
    }

    private static JsonNode row(JsonNode services, String cluster, String service) {
        for (JsonNode row : services.get("services")) {
            if (row.get("cluster").asText().equals(cluster)
                    && row.get("service").asText().equals(service)) {
                return row;
            }
        }
        throw new AssertionError("no row " + cluster + "/" + service + " in " + services);
    }

    @Test
    void theNamespacePageListsTheServicesOfBothClusters() throws Exception {
        JsonNode namespaces = fixture.json("/console/api/namespaces");
        assertThat(namespaces.get("namespaces")).singleElement().satisfies(n -> {
            assertThat(n.get("name").asText()).isEqualTo("shop");
            assertThat(n.get("services").asInt()).isEqualTo(4);
            assertThat(n.get("mutualTls").asBoolean()).isTrue();
        });

        JsonNode services = fixture.json("/console/api/namespaces/shop/services");

        List<String> rows = new ArrayList<>();
        services.get("services")
                .forEach(s -> rows.add(
                        s.get("cluster").asText() + "/" + s.get("service").asText()));
        assertThat(rows).containsExactly("east/appserver", "west/appserver", "west/db", "east/webui");
        JsonNode web = row(services, "east", "webui");
        assertThat(web.get("discoveryNames").get(0).asText()).isEqualTo("webui");
        assertThat(web.get("clientAliases").get(0).asText()).isEqualTo("webui.shop:8080");
        assertThat(web.get("launchType").asText()).isEqualTo("FARGATE");
        assertThat(web.get("desiredCount").asInt()).isEqualTo(1);
    }

    @Test
    void aServicesTrafficAndTopologyCarryTheExactCountsPushed() throws Exception {
        pushKnownTraffic();

        JsonNode traffic = fixture.json("/console/api/clusters/east/services/webui/traffic");
        assertThat(traffic.get("inbound")).hasSize(TrafficEvents.PAGE_SLOTS);
        assertThat(sum(traffic.get("inbound"), "requests")).isEqualTo(25);
        assertThat(sum(traffic.get("inbound"), "bytes")).isEqualTo(2500);
        assertThat(sum(traffic.get("outbound"), "http2xx")).isEqualTo(20);
        assertThat(sum(traffic.get("outbound"), "http5xx")).isEqualTo(5);
        JsonNode service = fixture.json("/console/api/clusters/east/services/webui");
        assertThat(service.get("namespace").asText()).isEqualTo("shop");
        assertThat(service.get("tasks")).singleElement().satisfies(t -> {
            assertThat(t.get("taskId").asText()).isEqualTo(webui);
            assertThat(t.get("logs").toString()).isEqualTo("{\"containers\":{},\"proxy\":[]}");
        });
        assertThat(service.get("deployments"))
                .singleElement()
                .satisfies(d -> assertThat(d.get("status").asText()).isEqualTo("PRIMARY"));

        JsonNode topology = fixture.json("/console/api/namespaces/shop/topology");

        Map<String, JsonNode> edges = new TreeMap<>();
        topology.get("edges")
                .forEach(e -> edges.put(
                        e.get("source").asText() + "->" + e.get("target").asText(), e));
        assertThat(edges).containsOnlyKeys("east/webui->appserver", "east/appserver->db");
        JsonNode webToApp = edges.get("east/webui->appserver");
        assertThat(webToApp.get("requests").asLong()).isEqualTo(25);
        assertThat(webToApp.get("errorShare").asDouble()).isEqualTo(0.2);
        assertThat(webToApp.get("requestsPerSecond").asDouble()).isEqualTo(25 / 60.0);
        List<String> targets = new ArrayList<>();
        webToApp.get("targetNodes").forEach(t -> targets.add(t.asText()));
        assertThat(targets).containsExactly("east/appserver", "west/appserver");
    }

    private static long sum(JsonNode points, String field) {
        long sum = 0;
        for (JsonNode p : points) {
            sum += p.get(field).asLong();
        }
        return sum;
    }

    @Test
    void badReportsAndUnknownTargetsGetClearErrors() throws Exception {
        HttpResponse<String> notJson = fixture.post("/watch/v1/tasks/" + webui + "/metrics", "{\"startedAtMillis\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("InvalidParameterException", "The body is not a metrics report");

        HttpResponse<String> negative = fixture.post(
                "/watch/v1/tasks/" + webui + "/metrics",
                "{\"startedAtMillis\":1,\"sentAtMillis\":1,\"listeners\":[{\"direction\":\"inbound\",\"discoveryName\":\"webui\",\"requests\":-1}]}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("listeners[0].requests: -1 (expected: 0 or more)");

        HttpResponse<String> unknown = fixture.push("0123abcd", "webui", "east", 1, inbound("webui", 1, 0, 0));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Task '0123abcd' is not known to the control plane");

        assertThat(fixture.get("/console/api/clusters/east/services/nope").body())
                .contains("Service 'nope' not found in cluster 'east'.");
        assertThat(fixture.get("/console/api/namespaces/nope/services").statusCode())
                .isEqualTo(404);
        assertThat(fixture.get("/console/api/clusters/east/services/nope/events")
                        .body())
                .contains("Service 'nope' not found in cluster 'east'.");
        HttpResponse<String> post = fixture.post("/console/api/namespaces", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("/console/api/namespaces takes GET.");
        assertThat(fixture.get("/console/api/clusters/east/services/webui/traffic?slots=999")
                        .body())
                .contains("slots: '999' (expected: a number 1-180)");
        assertThat(fixture.get("/console/assets/nope.js").statusCode()).isEqualTo(404);
        assertThat(fixture.get("/console/api/nope").statusCode()).isEqualTo(404);
        assertThat(fixture.get("/metrics/").statusCode()).isEqualTo(404);
    }

    @Test
    void theConsoleAndItsAssetsAreServedByTheControlPlane() throws Exception {
        HttpResponse<String> page = fixture.get("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("/console/assets/console.js").doesNotContain("https://");
        assertThat(fixture.get("/console/assets/console.js").headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(fixture.get("/console/assets/console.css").statusCode()).isEqualTo(200);
    }

    @Test
    void aServicePageStreamsItsTrafficAsServerSentEvents() throws Exception {
        pushKnownTraffic();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        fixture.endpoint().resolve("/console/api/clusters/east/services/webui/events"))
                                .header("Authorization", TestSigning.bearer(fixture.server.adminCredentials()))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        try (Stream<String> lines = response.body()) {
            var iterator = lines.iterator();
            assertThat(iterator.next()).isEqualTo("event: traffic");
            String data = iterator.next();
            assertThat(data).startsWith("data: ");
            JsonNode traffic = Json.mapper().readTree(data.substring("data: ".length()));
            assertThat(sum(traffic.get("inbound"), "requests")).isEqualTo(25);
            assertThat(iterator.next()).isEmpty();
            assertThat(iterator.next()).isEqualTo("event: traffic");
        }
    }

    @Test
    void theServicePageListsItsAccessPolicyAndRecentDenialsAndTheTopologyMarksTheDeniedEdge() throws Exception {
        TestSigning.call(
                fixture.endpoint(),
                fixture.server.adminCredentials(),
                "PutAccessPolicy",
                Json.mapper()
                        .valueToTree(Map.of(
                                "Namespace", "shop", "Service", "appserver", "AllowedCallers", List.of("webui"))));
        String db = "spiffe://svc-connect.local/ns/shop/svc/db";
        for (long count : new long[] {2, 5}) {
            MetricsReport report = new MetricsReport(
                    "appserver",
                    "east",
                    7,
                    System.currentTimeMillis(),
                    List.of(inbound("appserver", 0, 0, 0)),
                    List.of(new DeniedCalls("appserver", db, count)));
            assertThat(fixture.post(
                                    "/watch/v1/tasks/" + appserverEast + "/metrics",
                                    Json.mapper().writeValueAsString(report))
                            .statusCode())
                    .isEqualTo(200);
        }

        JsonNode service = fixture.json("/console/api/clusters/east/services/appserver");
        assertThat(service.get("accessPolicies").toString())
                .isEqualTo("[{\"discoveryName\":\"appserver\",\"default\":false,\"allows\":\"webui\"}]");
        assertThat(service.get("recentDenials"))
                .extracting(d -> d.get("caller").asText() + " "
                        + d.get("discoveryName").asText() + " " + d.get("count").asLong())
                .containsExactly(db + " appserver 3", db + " appserver 2");
        assertThat(fixture.json("/console/api/clusters/east/services/webui")
                        .get("accessPolicies")
                        .toString())
                .isEqualTo("[{\"discoveryName\":\"webui\",\"default\":true,"
                        + "\"allows\":\"every service of namespace 'shop'\"}]");

        JsonNode denied = fixture.json("/console/api/namespaces/shop/topology").get("deniedEdges");
        assertThat(denied.toString())
                .isEqualTo("[{\"caller\":\"" + db + "\",\"sourceNodes\":[\"west/db\"],\"target\":\"appserver\","
                        + "\"targetNodes\":[\"east/appserver\",\"west/appserver\"],\"denied\":5}]");
    }
}
