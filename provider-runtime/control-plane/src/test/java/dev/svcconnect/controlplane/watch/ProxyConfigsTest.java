package dev.svcconnect.controlplane.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.AliasAddress;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.InstanceHealth;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's proxy configuration computed from a real store's documents, without a server. */
class ProxyConfigsTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:";
    private static final String NAMESPACE_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";
    private static final String TASK_DEFINITION = ARN + "task-definition/web:1";

    @TempDir
    Path data;

    private Store store;
    private final ProxyConfigs configs = new ProxyConfigs();

    @BeforeEach
    void start() throws Exception {
        store = Store.open(data);
        ObjectNode service =
                (ObjectNode) Json.mapper().readTree("""
                {"serviceArn": "%sservice/east/web", "serviceName": "web", "clusterArn": "%scluster/east",
                 "status": "ACTIVE", "deployments": [{"id": "d-1", "status": "PRIMARY", "taskDefinition": "%s",
                   "serviceConnectConfiguration": {"enabled": true, "namespace": "%s", "services": [
                     {"portName": "http", "discoveryName": "web", "timeout": {"perRequestTimeoutSeconds": 15},
                      "clientAliases": [{"dnsName": "web.shop", "port": 80}]}]}}]}
                """.formatted(ARN, ARN, TASK_DEFINITION, NAMESPACE_ARN));
        ObjectNode taskDefinition = (ObjectNode) Json.mapper().readTree("""
                {"taskDefinitionArn": "%s", "family": "web", "revision": 1, "status": "ACTIVE",
                 "containerDefinitions": [{"name": "app",
                   "portMappings": [{"name": "http", "containerPort": 8080, "appProtocol": "http"}]}]}
                """.formatted(TASK_DEFINITION));
        ObjectNode customHealth = Json.mapper().createObjectNode();
        customHealth.putObject("HealthCheckCustomConfig");
        store.write(tx -> {
            Service.of(service).save(tx);
            TaskDefinition.of(taskDefinition).save(tx);
            Namespace.createHttp("ns-1", NAMESPACE_ARN, "shop", null, 0, null).save(tx);
            AliasAddress.create("ns-1", "web.shop", "127.255.0.1").save(tx);
            DiscoveryService.create("srv-1", "arn:srv-1", "web", "ns-1", customHealth, 0, null, 1)
                    .save(tx);
            endpoint("healthy", "10.0.0.5", "15000", InstanceHealth.HEALTHY).save(tx);
            endpoint("unhealthy", "10.0.0.6", "15000", InstanceHealth.UNHEALTHY).save(tx);
            endpoint("by-hand", "not an address", "x", InstanceHealth.HEALTHY).save(tx);
            task("a1", "web")
                    .svcConnectAttributes(Map.of(Attributes.ADDRESS, "10.0.0.5", Attributes.ALIAS_PREFIX, "127.7"))
                    .save(tx);
            task("b2", null).save(tx);
            task("a3", "web")
                    .svcConnectAttributes(Map.of(Attributes.ADDRESS, "10.0.0.7", Attributes.ALIAS_PREFIX, "127.7"))
                    .save(tx);
            task("a4", "web").save(tx);
            return null;
        });
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private static Instance endpoint(String id, String ip, String port, InstanceHealth health) {
        return Instance.create("srv-1", id, Map.of(Instance.IPV4, ip, Instance.PORT, port), health, null);
    }

    private static Task task(String id, String service) {
        Task task = Task.create(ARN + "task/east/" + id, ARN + "cluster/east", TASK_DEFINITION)
                .lastStatus(TaskStatus.RUNNING)
                .desiredStatus(TaskStatus.RUNNING);
        return service == null ? task : task.ownedBy(service, "d-1");
    }

    private ProxyConfig forTask(String id) {
        return store.read(tx -> configs.forTask(tx, id));
    }

    private Map<String, String> hostsForTask(String id) {
        return store.read(tx -> configs.hostsForTask(tx, id));
    }

    private Map<String, List<String>> namespaceEndpoints(String namespace) {
        return store.read(tx -> configs.namespaceEndpoints(tx, "us-east-1", namespace));
    }

    @Test
    void aServiceConnectTaskListensOnItsAliasesUnderItsPrefixAndInboundOnItsAddress() {
        ProxyConfig config = forTask("a1");

        assertThat(config.serviceName()).isEqualTo("web");
        assertThat(config.clusterName()).isEqualTo("east");
        assertThat(config.listeners())
                .extracting(
                        ListenerConfig::name, ListenerConfig::direction, ListenerConfig::bind, ListenerConfig::protocol)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "outbound-web", Direction.OUTBOUND, "127.7.0.1:80", Protocol.HTTP),
                        org.assertj.core.groups.Tuple.tuple(
                                "inbound-web", Direction.INBOUND, "10.0.0.5:8080", Protocol.HTTP));
        ListenerConfig outbound = config.listeners().get(0);
        assertThat(outbound.endpoints()).containsExactly("10.0.0.5:15000");
        assertThat(outbound.perRequestTimeoutSeconds()).isEqualTo(15);
        assertThat(config.listeners().get(1).endpoints()).containsExactly("127.0.0.1:8080");
    }

    @Test
    void configurationsComputedInOneReadEqualThoseComputedEachInItsOwn() {
        List<String> tasks = List.of("a1", "b2", "a3", "a4");
        List<ProxyConfig> together = store.read(
                tx -> tasks.stream().map(id -> configs.forTask(tx, id)).toList());

        assertThat(together).isEqualTo(tasks.stream().map(this::forTask).toList());
        // a1 and a3 have the same alias prefix: one outbound listener, built once in that read.
        assertThat(together.get(2).listeners().get(0))
                .isSameAs(together.get(0).listeners().get(0));
        assertThat(together.get(3).listeners().get(0).bind()).isEqualTo("127.255.0.1:80");
    }

    @Test
    void aChangedTaskGetsItsNewConfigurationAnUnchangedOneTheSame() {
        ProxyConfig before = forTask("a1");
        store.write(tx -> {
            Task.find(tx, "a1")
                    .orElseThrow()
                    .svcConnectAttributes(Map.of(Attributes.ADDRESS, "10.0.0.5", Attributes.ALIAS_PREFIX, "127.8"))
                    .save(tx);
            return null;
        });

        assertThat(forTask("a1").listeners().get(0).bind()).isEqualTo("127.8.0.1:80");
        assertThat(forTask("a3").listeners().get(0))
                .isEqualTo(before.listeners().get(0));
    }

    @Test
    void theHostsFileMapsEachAliasToItsAddressUnderTheTasksPrefix() {
        assertThat(hostsForTask("a1")).containsExactly(Map.entry("web.shop", "127.7.0.1"));
        assertThat(hostsForTask("b2")).isEmpty();
    }

    @Test
    void aTaskOfNoServiceGetsNoListeners() {
        ProxyConfig config = forTask("b2");

        assertThat(config.serviceName()).isNull();
        assertThat(config.listeners()).isEmpty();
    }

    @Test
    void aNamespacesEndpointsAreTheHealthyValidOnesOfEachDiscoveryName() {
        assertThat(namespaceEndpoints("shop")).isEqualTo(Map.of("web", List.of("10.0.0.5:15000")));
        assertThatThrownBy(() -> namespaceEndpoints("nope")).hasMessage("Namespace 'nope' not found.");
        assertThatThrownBy(() -> forTask("c3")).hasMessage("Task 'c3' not found.");
    }
}
