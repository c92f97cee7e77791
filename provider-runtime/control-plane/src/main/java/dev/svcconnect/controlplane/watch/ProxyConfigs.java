package dev.svcconnect.controlplane.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.api.ecs.EcsRegistry;
import dev.svcconnect.controlplane.api.ecs.Scheduler;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes a task's proxy configuration (see {@code docs/watch-api.md}): an outbound listener per
 * client alias of the task's namespace, with the healthy endpoints of its discovery name in every
 * cluster, and an inbound listener per Service Connect service of the task's own deployment.
 */
public final class ProxyConfigs {

    /** Where the application listens when its host agent did not say. */
    public static final String DEFAULT_APP_ADDRESS = "127.0.0.1";

    private final EcsRegistry registry;

    public ProxyConfigs(EcsRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** A client alias of the namespace, from the PRIMARY deployment of the service that declares it. */
    private record Alias(String discoveryName, String dnsName, int port, Protocol protocol, JsonNode timeout) {}

    /** The configuration of the task with this id; TaskNotFoundException when there is none. */
    public ProxyConfig forTask(Transaction tx, String taskId) {
        ObjectNode task = registry.task(tx, taskId).orElseThrow(() -> taskNotFound(taskId));
        String cluster = EcsRegistry.clusterName(task.get("clusterArn").asText());
        String group = task.path("group").asText("");
        String serviceName = group.startsWith("service:") ? group.substring("service:".length()) : null;
        ProxyConfig.Builder config =
                ProxyConfig.builder().taskArn(task.get("taskArn").asText()).clusterName(cluster);
        if (serviceName == null) {
            return config.build();
        }
        config.serviceName(serviceName);
        ObjectNode service = registry.service(tx, cluster, serviceName).orElse(null);
        JsonNode deployment = service == null
                ? null
                : EcsRegistry.deployment(service, task.path("startedBy").asText())
                        .orElse(null);
        JsonNode serviceConnect = deployment == null ? null : deployment.get("serviceConnectConfiguration");
        if (serviceConnect == null) {
            return config.build();
        }
        String namespaceArn = serviceConnect.path("namespace").asText();
        ObjectNode namespace = registry.cloudMap().namespace(tx, namespaceArn).orElse(null);
        if (namespace == null) {
            return config.build();
        }
        String namespaceId = namespace.get("Id").asText();
        String adminAddress = Scheduler.attribute(task, Scheduler.ADMIN_ADDRESS);
        if (adminAddress != null) {
            config.admin(new AdminConfig(adminAddress));
        }
        for (Alias alias : aliases(tx, namespaceArn).values()) {
            String address = aliasAddress(tx, task, namespaceId, alias.dnsName());
            if (address == null) {
                continue;
            }
            ListenerConfig.Builder listener = ListenerConfig.builder()
                    .name("outbound-" + alias.discoveryName())
                    .direction(Direction.OUTBOUND)
                    .bind(address + ":" + alias.port())
                    .protocol(alias.protocol())
                    .discoveryName(alias.discoveryName())
                    .endpoints(endpoints(tx, namespaceId, alias.discoveryName()));
            timeouts(listener, alias.timeout());
            config.listener(listener.build());
        }
        String address = Scheduler.attribute(task, Scheduler.ADDRESS);
        ObjectNode taskDefinition = registry.taskDefinition(
                        tx, task.get("taskDefinitionArn").asText())
                .orElse(null);
        if (address != null && taskDefinition != null) {
            String appAddress = Optional.ofNullable(Scheduler.attribute(task, Scheduler.APP_ADDRESS))
                    .orElse(DEFAULT_APP_ADDRESS);
            for (JsonNode entry : serviceConnect.path("services")) {
                JsonNode mapping = EcsRegistry.portMapping(
                                taskDefinition, entry.path("portName").asText())
                        .orElse(null);
                if (mapping == null) {
                    continue;
                }
                ListenerConfig.Builder listener = ListenerConfig.builder()
                        .name("inbound-" + entry.path("discoveryName").asText())
                        .direction(Direction.INBOUND)
                        .bind(address + ":" + Scheduler.inboundPort(task, taskDefinition, entry))
                        .protocol(Protocol.fromAppProtocol(
                                mapping.path("appProtocol").asText(null)))
                        .discoveryName(entry.path("discoveryName").asText())
                        .endpoint(
                                appAddress + ":" + mapping.path("containerPort").asInt());
                timeouts(listener, entry.get("timeout"));
                config.listener(listener.build());
            }
        }
        return config.build();
    }

    /**
     * The client alias DNS names that a task's hosts file maps to its proxy's outbound listeners:
     * DNS name to address, for every client alias of the task's namespace; empty for a task
     * without Service Connect. TaskNotFoundException when there is no such task.
     */
    public Map<String, String> hostsForTask(Transaction tx, String taskId) {
        ObjectNode task = registry.task(tx, taskId).orElseThrow(() -> taskNotFound(taskId));
        Map<String, String> hosts = new TreeMap<>();
        JsonNode serviceConnect = serviceConnectOf(tx, task);
        ObjectNode namespace = serviceConnect == null
                ? null
                : registry.cloudMap()
                        .namespace(tx, serviceConnect.path("namespace").asText())
                        .orElse(null);
        if (namespace == null) {
            return hosts;
        }
        for (Alias alias :
                aliases(tx, serviceConnect.path("namespace").asText()).values()) {
            String address = aliasAddress(tx, task, namespace.get("Id").asText(), alias.dnsName());
            if (address != null) {
                hosts.put(alias.dnsName(), address);
            }
        }
        return hosts;
    }

    private JsonNode serviceConnectOf(Transaction tx, ObjectNode task) {
        String group = task.path("group").asText("");
        if (!group.startsWith("service:")) {
            return null;
        }
        String cluster = EcsRegistry.clusterName(task.get("clusterArn").asText());
        return registry.service(tx, cluster, group.substring("service:".length()))
                .flatMap(s -> EcsRegistry.deployment(s, task.path("startedBy").asText()))
                .map(d -> d.get("serviceConnectConfiguration"))
                .orElse(null);
    }

    /** A client alias's address for one task: in 127.255.0.0/16, or under the task's alias prefix. */
    private static String aliasAddress(Transaction tx, ObjectNode task, String namespaceId, String dnsName) {
        String address = tx.get(Table.ALIAS_ADDRESSES, namespaceId + "/" + dnsName)
                .map(a -> a.get("address").asText())
                .orElse(null);
        String prefix = Scheduler.attribute(task, Scheduler.ALIAS_PREFIX);
        if (address == null || prefix == null) {
            return address;
        }
        return prefix + address.substring("127.255".length());
    }

    /** The endpoints of every discovery name of a namespace, by discovery name. */
    public Map<String, List<String>> namespaceEndpoints(Transaction tx, String namespaceName) {
        ObjectNode namespace = registry.cloudMap()
                .namespaceByNameOrId(tx, namespaceName)
                .orElseThrow(() ->
                        new ApiException("NamespaceNotFound", 404, "Namespace '" + namespaceName + "' not found."));
        String namespaceId = namespace.get("Id").asText();
        Map<String, List<String>> endpoints = new TreeMap<>();
        for (ObjectNode service : tx.list(Table.DISCOVERY_SERVICES, namespaceId)) {
            String name = service.get("Name").asText();
            endpoints.put(name, endpoints(tx, namespaceId, name));
        }
        return endpoints;
    }

    static ApiException taskNotFound(String taskId) {
        return new ApiException("TaskNotFoundException", 404, "Task '" + taskId + "' not found.");
    }

    private Map<String, Alias> aliases(Transaction tx, String namespaceArn) {
        Map<String, Alias> aliases = new TreeMap<>();
        for (ObjectNode service : EcsRegistry.liveServices(tx)) {
            JsonNode primary = service.path("deployments").path(0);
            JsonNode config = primary.path("serviceConnectConfiguration");
            if (!namespaceArn.equals(config.path("namespace").asText())) {
                continue;
            }
            ObjectNode taskDefinition = registry.taskDefinition(
                            tx, primary.path("taskDefinition").asText())
                    .orElse(null);
            for (JsonNode entry : config.path("services")) {
                JsonNode alias = entry.path("clientAliases").path(0);
                if (alias.isMissingNode() || taskDefinition == null) {
                    continue;
                }
                Protocol protocol = EcsRegistry.portMapping(
                                taskDefinition, entry.path("portName").asText())
                        .map(m -> Protocol.fromAppProtocol(m.path("appProtocol").asText(null)))
                        .orElse(Protocol.TCP);
                String discoveryName = entry.path("discoveryName").asText();
                aliases.putIfAbsent(
                        discoveryName,
                        new Alias(
                                discoveryName,
                                alias.path("dnsName").asText(),
                                alias.path("port").asInt(),
                                protocol,
                                entry.get("timeout")));
            }
        }
        return aliases;
    }

    private List<String> endpoints(Transaction tx, String namespaceId, String discoveryName) {
        CloudMap cloudMap = registry.cloudMap();
        List<String> endpoints = new ArrayList<>();
        cloudMap.serviceByName(tx, namespaceId, discoveryName).ifPresent(service -> {
            for (ObjectNode instance : cloudMap.instances(tx, service.get("Id").asText())) {
                JsonNode attributes = instance.path("Attributes");
                String ip = attributes.path("AWS_INSTANCE_IPV4").asText(null);
                String port = attributes.path("AWS_INSTANCE_PORT").asText(null);
                if (ip != null
                        && port != null
                        && CloudMap.isHealthy(service, instance)
                        && isHostPort(ip + ":" + port)) {
                    endpoints.add(ip + ":" + port);
                }
            }
        });
        endpoints.sort(null);
        return endpoints;
    }

    /** Instances registered by hand through Cloud Map may carry anything; the proxy gets valid ones. */
    private static boolean isHostPort(String endpoint) {
        try {
            ServiceConnectRules.requireHostPort(endpoint, "endpoint");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void timeouts(ListenerConfig.Builder listener, JsonNode timeout) {
        if (timeout == null) {
            return;
        }
        if (timeout.has("perRequestTimeoutSeconds")) {
            listener.perRequestTimeoutSeconds(
                    timeout.get("perRequestTimeoutSeconds").asInt());
        }
        if (timeout.has("idleTimeoutSeconds")) {
            listener.idleTimeoutSeconds(timeout.get("idleTimeoutSeconds").asInt());
        }
    }
}
