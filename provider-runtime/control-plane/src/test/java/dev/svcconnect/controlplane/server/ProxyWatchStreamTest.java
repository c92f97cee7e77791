package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.model.watch.WatchResult;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import dev.svcconnect.proxy.config.ControlPlaneWatcher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sidecar's watch of its configuration is one stream: a link that goes silent (a partition,
 * no close) is noticed by its missing heartbeats, and the watch resumes on the next control plane
 * URL from the revision it applied, missing nothing and applying nothing twice.
 */
class ProxyWatchStreamTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private CuttableRelay relay;
    private ControlPlaneWatcher watcher;
    private String serviceId;
    private final List<WatchResult<ProxyConfig>> applied = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new ControlPlaneFixture(data);
        SdkClients.cluster(fixture.ecs, "east", "shop");
        SdkClients.taskDefinition(fixture.ecs, "web", "http", 8080, "http");
        SdkClients.scService(fixture.ecs, "east", "web", "web", "http", "web", "web.shop", 80, 1);
        serviceId = fixture.cloudMap.listServices(b -> {}).services().get(0).id();
        relay = new CuttableRelay(fixture.server.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        relay.close();
        fixture.close();
    }

    private String taskId() {
        String arn = fixture.ecs.listTasks(b -> b.cluster("east")).taskArns().get(0);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private void register(String instanceId, String ip) {
        fixture.cloudMap.registerInstance(b -> b.serviceId(serviceId)
                .instanceId(instanceId)
                .attributes(Map.of("AWS_INSTANCE_IPV4", ip, "AWS_INSTANCE_PORT", "9000")));
    }

    private List<String> lastEndpoints() {
        ProxyConfig last = applied.get(applied.size() - 1).value();
        return last.listeners().stream()
                .filter(l -> l.name().equals("outbound-web"))
                .findFirst()
                .map(ListenerConfig::endpoints)
                .orElseThrow();
    }

    @Test
    void aSilentStreamIsOpenedAgainOnTheNextUrlFromItsRevision() {
        var admin = fixture.server.adminCredentials();
        ControlPlaneEndpoints replicas = ControlPlaneKey.with(
                ControlPlaneEndpoints.of(
                        List.of(URI.create("http://127.0.0.1:" + relay.port()), fixture.server.endpoint())),
                admin.accessKeyId() + ":" + admin.secretAccessKey());
        watcher = new ControlPlaneWatcher(
                        replicas,
                        Optional.empty(),
                        taskId(),
                        30,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(50),
                        Duration.ofSeconds(1),
                        applied::add)
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 1);
        register("a", "192.168.1.1");
        await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 2);
        assertThat(lastEndpoints()).containsExactly("192.168.1.1:9000");

        relay.cut();
        register("b", "192.168.1.2");

        await().atMost(Duration.ofSeconds(60)).until(() -> lastEndpoints().size() == 2);
        assertThat(applied).hasSize(3);
        assertThat(applied.get(2).revision()).isGreaterThan(applied.get(1).revision());
        assertThat(applied.get(1).revision()).isGreaterThan(applied.get(0).revision());
        assertThat(watcher.isConnected()).isTrue();
    }
}
