package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.proxy.DynamicProxy;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.FreePorts;
import dev.svcconnect.testsupport.HttpBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real proxy, following an in-process control plane, carries known traffic for the webui
 * task; its pushed reports give exact counts in {@code /metrics} and the console's JSON.
 */
class ProxyMetricsTest {

    @TempDir
    Path data;

    @Test
    void knownTrafficThroughADynamicProxyReachesTheControlPlaneExactly() throws Exception {
        try (HttpBackend webuiApp = HttpBackend.start("webui");
                HttpBackend appserverApp = HttpBackend.start("appserver");
                ConsoleFixture fixture = new ConsoleFixture(data, webuiApp.port(), port -> FreePorts.next())) {
            String webui = fixture.taskId("east", "webui");
            String appserver = fixture.taskId("east", "appserver");
            int webuiIngress = FreePorts.next();
            String host = fixture.post("/watch/v1/hosts", "{\"cluster\":\"east\",\"launchType\":\"FARGATE\"}")
                    .body();
            assertThat(host).contains("hostId");
            assertThat(fixture.post(
                                    "/watch/v1/tasks/" + appserver + "/state",
                                    "{\"lastStatus\":\"RUNNING\",\"address\":"
                                            + "\"127.0.0.1\",\"ingressPorts\":{\"appserver\":" + appserverApp.port()
                                            + "}}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(fixture.post(
                                    "/watch/v1/tasks/" + webui + "/state",
                                    "{\"lastStatus\":\"RUNNING\",\"address\":"
                                            + "\"127.0.0.1\",\"ingressPorts\":{\"webui\":" + webuiIngress + "}}")
                            .statusCode())
                    .isEqualTo(200);

            // Plain HTTP on both hops: this test's endpoints are bare backends, not sidecars with certificates.
            try (var cloudMap = ControlPlaneFixture.cloudMap(
                    fixture.endpoint(), ControlPlaneFixture.provider(fixture.server.adminCredentials()))) {
                String namespace = cloudMap.listNamespaces().namespaces().get(0).arn();
                cloudMap.tagResource(r -> r.resourceARN(namespace)
                        .tags(t -> t.key(Namespace.MUTUAL_TLS_TAG).value(Namespace.MUTUAL_TLS_DISABLED)));
            }
            try (DynamicProxy dynamic = DynamicProxy.follow(
                    ControlPlaneKey.with(
                            fixture.endpoint(),
                            fixture.server.adminCredentials().bearerToken()),
                    webui,
                    Proxy.builder().threads(1),
                    Duration.ofMillis(100),
                    Duration.ofMillis(200))) {
                Proxy proxy = dynamic.started().get(20, TimeUnit.SECONDS);
                String inbound = "http://127.0.0.1:" + webuiIngress + "/";
                await().until(() -> Curl.statuses(inbound).equals(List.of("200")));
                InetSocketAddress alias = proxy.listenerAddress("outbound-appserver");
                String outbound = "http://" + alias.getAddress().getHostAddress() + ":" + alias.getPort() + "/";
                await().until(() -> Curl.statuses(outbound).equals(List.of("200")));

                assertThat(Curl.statuses(Collections.nCopies(6, inbound).toArray(String[]::new)))
                        .containsOnly("200")
                        .hasSize(6);
                assertThat(Curl.statuses(Collections.nCopies(4, outbound).toArray(String[]::new)))
                        .containsOnly("200")
                        .hasSize(4);

                String in = "{ClusterName=\"east\",DiscoveryName=\"webui\",ServiceName=\"webui\"}";
                String out = "{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\"}";
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(fixture.get("/metrics").body())
                                .contains(
                                        "RequestCount_total" + in + " 7.0",
                                        "RequestCountPerTarget_total" + out + " 5.0",
                                        "HTTPCode_Target_2XX_Count_total" + out + " 5.0",
                                        "TargetResponseTime_count" + out + " 5",
                                        "HTTPCode_Target_5XX_Count_total" + out + " 0.0"));
                JsonNode traffic = fixture.json("/console/api/clusters/east/services/webui/traffic");
                long inboundRequests = 0;
                for (JsonNode point : traffic.get("inbound")) {
                    inboundRequests += point.get("requests").asLong();
                }
                assertThat(inboundRequests).isEqualTo(7);
                JsonNode topology = fixture.json("/console/api/namespaces/shop/topology");
                assertThat(topology.get("edges")).singleElement().satisfies(edge -> {
                    assertThat(edge.get("source").asText()).isEqualTo("east/webui");
                    assertThat(edge.get("target").asText()).isEqualTo("appserver");
                    assertThat(edge.get("requests").asLong()).isEqualTo(5);
                });
            }
        }
    }
}
