package dev.svcconnect.controlplane.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ecs.EcsRegistry;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.logs.LogTails;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.Point;
import dev.svcconnect.controlplane.metrics.SeriesKey;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.logs.TaskLogLines;
import dev.svcconnect.model.proxy.Direction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The JSON the console's pages read (under {@code /console/api/}, see {@code docs/console.md}):
 * namespaces, the services of a namespace across clusters, one service with its tasks (and the
 * tails of their logs) and deployments, its traffic over time, and a namespace's topology measured from traffic.
 */
public final class ConsoleApi {

    /** The slots the topology and the service list's rates sum: the last minute. */
    static final int RECENT_SLOTS = 12;

    private static final double SLOT_SECONDS = MetricsWindow.RESOLUTION.toMillis() / 1000.0;

    private final Store store;
    private final MetricsWindow window;
    private final LogTails logs;

    public ConsoleApi(Store store, MetricsWindow window, LogTails logs) {
        this.store = requireNonNull(store, "store");
        this.window = requireNonNull(window, "window");
        this.logs = requireNonNull(logs, "logs");
    }

    /** {@code {"namespaces": [{"name", "id", "arn", "services", "discoveryNames"}]}}. */
    public ObjectNode namespaces() {
        return store.read(tx -> {
            ObjectNode answer = Json.mapper().createObjectNode();
            ArrayNode list = answer.putArray("namespaces");
            List<ObjectNode> services = EcsRegistry.liveServices(tx);
            for (ObjectNode namespace : tx.listAll(Table.NAMESPACES)) {
                String arn = namespace.path("Arn").asText();
                list.addObject()
                        .put("name", namespace.path("Name").asText())
                        .put("id", namespace.path("Id").asText())
                        .put("arn", arn)
                        .put(
                                "services",
                                services.stream()
                                        .filter(s -> arn.equals(namespaceArn(s)))
                                        .count())
                        .put(
                                "discoveryNames",
                                tx.list(
                                                Table.DISCOVERY_SERVICES,
                                                namespace.path("Id").asText())
                                        .size());
            }
            return answer;
        });
    }

    /** The services of every cluster in namespace {@code name}, like the ECS console's namespace page. */
    public ObjectNode services(String name) {
        return store.read(tx -> {
            ObjectNode namespace = namespace(tx, name);
            ObjectNode answer = Json.mapper().createObjectNode();
            answer.put("namespace", name);
            ArrayNode list = answer.putArray("services");
            for (ObjectNode service : servicesOf(tx, namespace)) {
                list.add(summary(tx, namespace, service));
            }
            return answer;
        });
    }

    /** One service: its summary, tasks (with the last lines of their containers and proxy) and deployments. */
    public ObjectNode service(String cluster, String serviceName) {
        return store.read(tx -> {
            ObjectNode service = requireService(tx, cluster, serviceName);
            Optional<ObjectNode> namespace = namespaceOf(tx, service);
            ObjectNode answer = namespace.map(ns -> summary(tx, ns, service)).orElseGet(() -> basics(service));
            answer.put(
                    "namespace", namespace.map(ns -> ns.path("Name").asText()).orElse(null));
            ArrayNode tasks = answer.putArray("tasks");
            String serviceArn = service.path("serviceArn").asText();
            for (ObjectNode task : tx.listByRef(Table.TASKS, serviceArn)) {
                tasks.add(task(task));
            }
            ArrayNode deployments = answer.putArray("deployments");
            for (JsonNode d : service.path("deployments")) {
                ObjectNode deployment = deployments.addObject();
                for (String field : List.of(
                        "id",
                        "status",
                        "taskDefinition",
                        "desiredCount",
                        "runningCount",
                        "pendingCount",
                        "failedTasks",
                        "rolloutState",
                        "rolloutStateReason",
                        "createdAt",
                        "updatedAt")) {
                    if (d.has(field)) {
                        deployment.set(field, d.get(field));
                    }
                }
            }
            return answer;
        });
    }

    /** The last {@code slots} slots of a service's inbound and outbound traffic, oldest first. */
    public ObjectNode traffic(String cluster, String serviceName, int slots) {
        store.read(tx -> requireService(tx, cluster, serviceName));
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("service", serviceName);
        answer.put("cluster", cluster);
        answer.put("resolutionSeconds", (long) SLOT_SECONDS);
        Predicate<SeriesKey> mine =
                k -> k.cluster().equals(cluster) && k.service().equals(serviceName);
        answer.set("inbound", points(window.points(mine.and(k -> k.direction() == Direction.INBOUND), slots)));
        answer.set("outbound", points(window.points(mine.and(k -> k.direction() == Direction.OUTBOUND), slots)));
        return answer;
    }

    /**
     * The namespace's services as a graph: nodes are services (and target discovery names that no
     * service serves), edges the calls measured over the last minute (any request or byte),
     * source service to target discovery name, with their rate and the share answered 5xx.
     */
    public ObjectNode topology(String name) {
        Map<String, List<String>> servedBy = new TreeMap<>();
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("namespace", name);
        ArrayNode nodes = answer.putArray("nodes");
        store.read(tx -> {
            ObjectNode namespace = namespace(tx, name);
            for (ObjectNode service : servicesOf(tx, namespace)) {
                String id = nodeId(
                        EcsRegistry.clusterName(service.path("clusterArn").asText()),
                        service.path("serviceName").asText());
                ObjectNode node = nodes.addObject()
                        .put("id", id)
                        .put("service", service.path("serviceName").asText())
                        .put(
                                "cluster",
                                EcsRegistry.clusterName(
                                        service.path("clusterArn").asText()));
                ArrayNode names = node.putArray("discoveryNames");
                for (JsonNode sc : serviceConnect(service).path("services")) {
                    String discoveryName = discoveryName(sc);
                    names.add(discoveryName);
                    servedBy.computeIfAbsent(discoveryName, d -> new ArrayList<>())
                            .add(id);
                }
            }
            return null;
        });
        Map<List<String>, Point> edges = new LinkedHashMap<>();
        for (SeriesKey key : window.keys()) {
            if (key.namespace().equals(name) && key.direction() == Direction.OUTBOUND) {
                List<String> edge = List.of(nodeId(key.cluster(), key.service()), key.discoveryName());
                edges.computeIfAbsent(
                        edge,
                        e -> window.sum(
                                k -> k.namespace().equals(name)
                                        && k.direction() == Direction.OUTBOUND
                                        && nodeId(k.cluster(), k.service()).equals(e.get(0))
                                        && k.discoveryName().equals(e.get(1)),
                                RECENT_SLOTS));
            }
        }
        ArrayNode edgeList = answer.putArray("edges");
        edges.forEach((edge, sum) -> {
            if (sum.requests() == 0 && sum.bytes() == 0) {
                return;
            }
            ObjectNode e = edgeList.addObject().put("source", edge.get(0)).put("target", edge.get(1));
            ArrayNode targets = e.putArray("targetNodes");
            servedBy.getOrDefault(edge.get(1), List.of()).forEach(targets::add);
            e.put("requests", sum.requests());
            e.put("requestsPerSecond", sum.requests() / (RECENT_SLOTS * SLOT_SECONDS));
            e.put("bytesPerSecond", sum.bytes() / (RECENT_SLOTS * SLOT_SECONDS));
            e.put("errorShare", sum.responses() == 0 ? 0.0 : (double) sum.http5xx() / sum.responses());
        });
        answer.put("windowSeconds", (long) (RECENT_SLOTS * SLOT_SECONDS));
        return answer;
    }

    private static String nodeId(String cluster, String service) {
        return cluster + "/" + service;
    }

    private ObjectNode summary(Transaction tx, ObjectNode namespace, ObjectNode service) {
        ObjectNode summary = basics(service);
        String cluster = summary.path("cluster").asText();
        String serviceName = summary.path("service").asText();
        ArrayNode discoveryNames = summary.putArray("discoveryNames");
        ArrayNode aliases = summary.putArray("clientAliases");
        int healthy = 0;
        int unhealthy = 0;
        for (JsonNode sc : serviceConnect(service).path("services")) {
            String discoveryName = discoveryName(sc);
            discoveryNames.add(discoveryName);
            for (JsonNode alias : sc.path("clientAliases")) {
                aliases.add(alias.path("dnsName")
                                .asText(discoveryName + "."
                                        + namespace.path("Name").asText()) + ":"
                        + alias.path("port").asText());
            }
            Optional<ObjectNode> discovery = tx
                    .list(Table.DISCOVERY_SERVICES, namespace.path("Id").asText())
                    .stream()
                    .filter(d -> discoveryName.equals(d.path("Name").asText()))
                    .findFirst();
            if (discovery.isPresent()) {
                for (ObjectNode instance :
                        tx.list(Table.INSTANCES, discovery.get().path("Id").asText())) {
                    JsonNode attributes = instance.path("Attributes");
                    if (cluster.equals(attributes.path("ECS_CLUSTER_NAME").asText())
                            && serviceName.equals(
                                    attributes.path("ECS_SERVICE_NAME").asText())) {
                        DiscoveryService cmService = DiscoveryService.of(discovery.get());
                        if (cmService.answersHealthy(Instance.of(cmService.id(), instance))) {
                            healthy++;
                        } else {
                            unhealthy++;
                        }
                    }
                }
            }
        }
        summary.put("healthyEndpoints", healthy);
        summary.put("unhealthyEndpoints", unhealthy);
        Point recent = window.sum(
                k -> k.cluster().equals(cluster)
                        && k.service().equals(serviceName)
                        && k.direction() == Direction.INBOUND,
                RECENT_SLOTS);
        summary.put("inboundRequestsPerSecond", recent.requests() / (RECENT_SLOTS * SLOT_SECONDS));
        return summary;
    }

    private static ObjectNode basics(ObjectNode service) {
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("service", service.path("serviceName").asText());
        summary.put(
                "cluster", EcsRegistry.clusterName(service.path("clusterArn").asText()));
        summary.put("status", service.path("status").asText());
        summary.put("launchType", service.path("launchType").asText("EC2"));
        summary.put("runningCount", service.path("runningCount").asInt());
        summary.put("pendingCount", service.path("pendingCount").asInt());
        summary.put("desiredCount", service.path("desiredCount").asInt());
        return summary;
    }

    private static String discoveryName(JsonNode sc) {
        return sc.path("discoveryName").asText(sc.path("portName").asText());
    }

    private ObjectNode task(ObjectNode task) {
        ObjectNode t = Json.mapper().createObjectNode();
        String arn = task.path("taskArn").asText();
        String taskId = arn.substring(arn.lastIndexOf('/') + 1);
        t.put("taskId", taskId);
        t.put("lastStatus", task.path("lastStatus").asText());
        t.put("desiredStatus", task.path("desiredStatus").asText());
        t.put("healthStatus", task.path("healthStatus").asText());
        String host = task.path("containerInstanceArn").asText("");
        t.put("host", host.isEmpty() ? null : host.substring(host.lastIndexOf('/') + 1));
        String address = null;
        for (JsonNode container : task.path("containers")) {
            for (JsonNode nic : container.path("networkInterfaces")) {
                address = address == null ? nic.path("privateIpv4Address").asText(null) : address;
            }
        }
        t.put("address", address);
        t.put("startedAt", task.path("startedAt").asText(null));
        t.put("deployment", task.path("startedBy").asText(null));
        TaskLogLines tail = logs.tail(taskId);
        ObjectNode lines = t.putObject("logs");
        ObjectNode containers = lines.putObject("containers");
        tail.containers().forEach((name, stream) -> stream.forEach(containers.putArray(name)::add));
        ArrayNode proxy = lines.putArray("proxy");
        tail.proxy().forEach(proxy::add);
        return t;
    }

    private static ArrayNode points(List<Point> points) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (Point p : points) {
            ObjectNode o = list.addObject();
            o.put("at", p.atMillis());
            o.put("requests", p.requests());
            o.put("requestsPerSecond", p.requests() / SLOT_SECONDS);
            o.put("grpcRequests", p.grpcRequests());
            o.put("bytes", p.bytes());
            o.put("bytesPerSecond", p.bytes() / SLOT_SECONDS);
            o.put("newConnections", p.newConnections());
            o.put("activeConnections", p.activeConnections());
            o.put("http2xx", p.http2xx());
            o.put("http3xx", p.http3xx());
            o.put("http4xx", p.http4xx());
            o.put("http5xx", p.http5xx());
            o.put("avgResponseTimeMillis", p.responseTimeAvgMillis());
            o.put("p99ResponseTimeMillis", p.responseTimeP99Millis());
        }
        return list;
    }

    private static String namespaceArn(ObjectNode service) {
        return serviceConnect(service).path("namespace").asText("");
    }

    /** The Service Connect configuration of the primary deployment (the first). */
    private static JsonNode serviceConnect(ObjectNode service) {
        return service.path("deployments").path(0).path("serviceConnectConfiguration");
    }

    private static ObjectNode namespace(Transaction tx, String name) {
        return tx.listAll(Table.NAMESPACES).stream()
                .filter(n -> name.equals(n.path("Name").asText()))
                .findFirst()
                .orElseThrow(() -> new ApiException("NamespaceNotFound", 404, "Namespace '" + name + "' not found."));
    }

    private static Optional<ObjectNode> namespaceOf(Transaction tx, ObjectNode service) {
        String arn = namespaceArn(service);
        return tx.listAll(Table.NAMESPACES).stream()
                .filter(n -> arn.equals(n.path("Arn").asText()))
                .findFirst();
    }

    private static List<ObjectNode> servicesOf(Transaction tx, ObjectNode namespace) {
        String arn = namespace.path("Arn").asText();
        return EcsRegistry.liveServices(tx).stream()
                .filter(s -> arn.equals(namespaceArn(s)))
                .sorted(Comparator.comparing(
                                (ObjectNode s) -> s.path("serviceName").asText())
                        .thenComparing(s -> s.path("clusterArn").asText()))
                .toList();
    }

    private static ObjectNode requireService(Transaction tx, String cluster, String serviceName) {
        return EcsRegistry.liveServices(tx).stream()
                .filter(s -> serviceName.equals(s.path("serviceName").asText())
                        && cluster.equals(
                                EcsRegistry.clusterName(s.path("clusterArn").asText())))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        "ServiceNotFoundException",
                        404,
                        "Service '" + serviceName + "' not found in cluster '" + cluster + "'."));
    }
}
