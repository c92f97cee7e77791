package dev.svcconnect.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmfWriterTest extends Closer {

    @TempDir
    Path dir;

    private static Map<String, JsonNode> byName(List<String> lines) throws Exception {
        Map<String, JsonNode> parsed = new HashMap<>();
        for (String line : lines) {
            JsonNode node = Json.mapper().readTree(line);
            parsed.put(
                    node.has("DiscoveryName")
                            ? "in/" + node.get("DiscoveryName").asText()
                            : "out/" + node.get("TargetDiscoveryName").asText(),
                    node);
        }
        return parsed;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.forEach(n -> names.add(n.isTextual() ? n.asText() : n.get("Name").asText()));
        return names;
    }

    @Test
    void linesAreEmbeddedMetricFormatWithServiceConnectNamesDimensionsAndIntervalIncreases() throws Exception {
        HttpBackend ok = closing(HttpBackend.start("ok"));
        HttpBackend app = closing(HttpBackend.start("app"));
        Proxy proxy = closing(Proxy.builder()
                .start(ProxyConfig.builder()
                        .admin(new AdminConfig(Configs.freeAddress()))
                        .serviceName("webui")
                        .clusterName("east")
                        .listener(Configs.listener("out")
                                .discoveryName("appserver")
                                .protocol(Protocol.HTTP)
                                .endpoint(ok.address())
                                .build())
                        .listener(Configs.listener("in")
                                .discoveryName("webui")
                                .direction(Direction.INBOUND)
                                .protocol(Protocol.HTTP)
                                .endpoint(app.address())
                                .build())
                        .build()));
        String out = "http://127.0.0.1:" + proxy.listenerAddress("out").getPort();
        String in = "http://127.0.0.1:" + proxy.listenerAddress("in").getPort();
        Path file = dir.resolve("emf.log");
        EmfWriter emf = closing(EmfWriter.start(file, proxy.metrics(), Duration.ofHours(1)));

        Curl.run(out + "/1", out + "/2", out + "/3");
        Curl.run(in + "/a", in + "/b");
        await().until(() -> proxy.metrics().report().listeners().stream().allMatch(l -> l.activeConnections() == 0));
        emf.write();
        Curl.run(out + "/4");
        emf.write();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        Map<String, JsonNode> first = byName(lines.subList(0, 2));
        Map<String, JsonNode> second = byName(lines.subList(2, 4));
        JsonNode outbound = first.get("out/appserver");
        JsonNode directive = outbound.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("AWS/ECS");
        assertThat(outbound.get("_aws").get("Timestamp").asLong()).isPositive();
        assertThat(names(directive.get("Dimensions").get(0))).containsExactly("TargetDiscoveryName");
        assertThat(names(directive.get("Dimensions").get(1)))
                .containsExactly("TargetDiscoveryName", "ServiceName", "ClusterName");
        assertThat(names(directive.get("Metrics")))
                .contains(
                        "TargetProcessedBytes",
                        "RequestCountPerTarget",
                        "HTTPCode_Target_2XX_Count",
                        "HTTPCode_Target_5XX_Count",
                        "TargetResponseTime");
        assertThat(outbound.get("ServiceName").asText()).isEqualTo("webui");
        assertThat(outbound.get("ClusterName").asText()).isEqualTo("east");
        assertThat(outbound.get("RequestCountPerTarget").asLong()).isEqualTo(3);
        assertThat(outbound.get("HTTPCode_Target_2XX_Count").asLong()).isEqualTo(3);
        assertThat(outbound.get("TargetResponseTime").asDouble()).isPositive();
        for (JsonNode metric : directive.get("Metrics")) {
            assertThat(outbound.has(metric.get("Name").asText()))
                    .as(metric.toString())
                    .isTrue();
        }
        JsonNode inbound = first.get("in/webui");
        assertThat(names(inbound.get("_aws")
                        .get("CloudWatchMetrics")
                        .get(0)
                        .get("Dimensions")
                        .get(1)))
                .containsExactly("DiscoveryName", "ServiceName", "ClusterName");
        assertThat(inbound.get("RequestCount").asLong()).isEqualTo(2);
        assertThat(inbound.get("NewConnectionCount").asLong()).isEqualTo(1);
        assertThat(inbound.get("ActiveConnectionCount").asLong()).isZero();
        assertThat(inbound.get("ProcessedBytes").asLong()).isPositive();

        assertThat(second.get("out/appserver").get("RequestCountPerTarget").asLong())
                .isEqualTo(1);
        assertThat(second.get("in/webui").get("RequestCount").asLong()).isZero();
        assertThat(second.get("in/webui").has("TargetResponseTime")).isFalse();
    }

    @Test
    void aFileThatCannotBeAppendedToIsOneClearError() {
        ProxyMetrics metrics = new ProxyMetrics("webui", "east");
        Path missing = dir.resolve("no/such/dir/emf.log");

        assertThatThrownBy(() -> EmfWriter.start(missing, metrics, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--emf-log: cannot append to " + missing);
    }
}
