package dev.svcconnect.controlplane.console;

import static dev.svcconnect.controlplane.console.ConsoleFixture.inbound;
import static dev.svcconnect.controlplane.console.ConsoleFixture.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.crypto.DataKey;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.store.StoreLocation;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy's metrics pushed to one replica show in {@code /metrics} and the console of another
 * replica of the same database (docs/ha.md), counted once on each.
 */
class ReplicatedMetricsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private ControlPlaneConfig replica(TestDatabase database, String id) {
        return ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(data.resolve(id))
                .store(StoreLocation.parse(database.url(), null, Map.of()))
                .replicaId(id)
                .dataKeyFile(data.resolve("key").resolve(DataKey.FILE))
                .build();
    }

    @Test
    void metricsPushedToOneReplicaAreInTheMetricsAndConsoleOfAnother() throws Exception {
        DataKey.open(data.resolve("key"));
        try (TestDatabase database = TestDatabase.create();
                ConsoleFixture pushedTo = new ConsoleFixture(replica(database, "a"));
                ControlPlaneServer other = ControlPlaneServer.start(replica(database, "b"))) {
            String webui = pushedTo.taskId("east", "webui");
            pushedTo.pushTaken(
                    webui, "webui", "east", 1, inbound("webui", 10, 1000, 1), outbound("appserver", 8, 2, 500, 40));
            pushedTo.pushTaken(
                    webui, "webui", "east", 1, inbound("webui", 25, 2500, 3), outbound("appserver", 20, 5, 1500, 100));

            String in = "{ClusterName=\"east\",DiscoveryName=\"webui\",ServiceName=\"webui\"}";
            String out = "{ClusterName=\"east\",ServiceName=\"webui\",TargetDiscoveryName=\"appserver\"}";
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(get(other, "/metrics"))
                            .contains(
                                    "RequestCount_total" + in + " 25.0",
                                    "HTTPCode_Target_5XX_Count_total" + out + " 5.0"));
            assertThat(pushedTo.get("/metrics").body())
                    .contains("RequestCount_total" + in + " 25.0", "HTTPCode_Target_5XX_Count_total" + out + " 5.0");
            JsonNode traffic = Json.mapper().readTree(get(other, "/console/api/clusters/east/services/webui/traffic"));
            long requests = 0;
            for (JsonNode point : traffic.get("inbound")) {
                requests += point.get("requests").asLong();
            }
            assertThat(requests).isEqualTo(25);
        }
    }

    private static String get(ControlPlaneServer server, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }
}
