package dev.svcconnect.controlplane.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.access.AccessPolicies;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.logs.LogTails;
import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.SeriesKey;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.access.AccessPolicy;
import dev.svcconnect.model.proxy.Direction;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The JSON the console's pages read (under {@code /console/api/}, see {@code docs/console.md}):
 * namespaces, the services of a namespace across clusters, one service with its tasks (and the
 * tails of their logs), deployments, access policies and recent refusals, its traffic over time, and a
 * namespace's topology measured from traffic.
 */
public final class ConsoleApi {

    /** The slots the topology and the service list's rates sum: the last minute. */
    static final int RECENT_SLOTS = 12;

    static final double SLOT_SECONDS = MetricsWindow.RESOLUTION.toMillis() / 1000.0;

    /** The time the recent slots cover, in seconds. */
    static final double RECENT_SECONDS = RECENT_SLOTS * SLOT_SECONDS;

    /** How far back a service page lists the access policies' refusals: 5 minutes. */
    static final long DENIALS_SECONDS = 300;

    /** The fields of a deployment that a service page shows. */
    private static final List<String> DEPLOYMENT_FIELDS = List.of(
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
            "updatedAt");

    private final Store store;
    private final MetricsWindow window;
    private final LogTails logs;

    public ConsoleApi(Store store, MetricsWindow window, LogTails logs) {
        this.store = requireNonNull(store, "store");
        this.window = requireNonNull(window, "window");
        this.logs = requireNonNull(logs, "logs");
    }

    /**
     * A namespace as the console lists it.
     *
     * @param services the live services whose PRIMARY deployment uses it
     * @param discoveryNames its Cloud Map services
     * @param mutualTls whether its hops between proxies are mutual TLS (off only by its opt-out tag)
     */
    private record NamespaceRow(
            String name, String id, String arn, int services, int discoveryNames, boolean mutualTls) {}

    /** A namespace's services, as its page lists them. */
    private record NamespaceServices(String namespace, List<ServiceSummary> services) {}

    /** A service's inbound and outbound traffic, a point a slot, oldest first. */
    private record Traffic(
            String service,
            String cluster,
            long resolutionSeconds,
            List<TrafficPoint> inbound,
            List<TrafficPoint> outbound) {}

    /** {@code {"namespaces": [{"name", "id", "arn", "services", "discoveryNames", "mutualTls"}]}}. */
    public ObjectNode namespaces() {
        List<NamespaceRow> rows = store.read(tx -> Namespace.all(tx).stream()
                .map(namespace -> new NamespaceRow(
                        namespace.name(),
                        namespace.id(),
                        namespace.arn(),
                        Service.inNamespace(tx, namespace.arn()).size(),
                        namespace.services(tx).size(),
                        namespace.mutualTls()))
                .toList());
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.set("namespaces", Json.mapper().valueToTree(rows));
        return answer;
    }

    /** The services of every cluster in namespace {@code name}, like the ECS console's namespace page. */
    public ObjectNode services(String name) {
        return store.read(tx -> {
            Namespace namespace = namespace(tx, name);
            List<ServiceSummary> rows = servicesOf(tx, namespace).stream()
                    .map(service -> ServiceSummary.of(tx, namespace, service, window))
                    .toList();
            return Json.mapper().valueToTree(new NamespaceServices(name, rows));
        });
    }

    /** One service: its summary, tasks (with the last lines of their containers and proxy) and deployments. */
    public ObjectNode service(String cluster, String serviceName) {
        return store.read(tx -> {
            Service service = requireService(tx, cluster, serviceName);
            Optional<Namespace> namespace = Namespace.ofService(tx, service);
            ObjectNode answer = Json.mapper()
                    .valueToTree(namespace
                            .map(ns -> ServiceSummary.of(tx, ns, service, window))
                            .orElseGet(() -> ServiceSummary.basics(service)));
            answer.put("namespace", namespace.map(Namespace::name).orElse(null));
            ArrayNode policies = answer.putArray("accessPolicies");
            namespace.ifPresent(ns -> ServiceSummary.serviceConnectServices(service)
                    .forEach(entry -> {
                        AccessPolicy policy = AccessPolicies.effective(tx, ns, entry.discoveryName());
                        policies.addObject()
                                .put("discoveryName", entry.discoveryName())
                                .put("default", policy.isDefault())
                                .put("allows", policy.allowed());
                    }));
            answer.set(
                    "recentDenials",
                    Json.mapper()
                            .valueToTree(window.denials(
                                    DENIALS_SECONDS,
                                    d -> d.cluster().equals(cluster)
                                            && d.service().equals(serviceName))));
            List<TaskRow> tasks = Task.ofService(tx, service.arn()).stream()
                    .map(task -> TaskRow.of(task, logs.tail(task.id())))
                    .toList();
            answer.set("tasks", Json.mapper().valueToTree(tasks));
            ArrayNode deployments = answer.putArray("deployments");
            for (Deployment deployment : service.deployments()) {
                ObjectNode shown = deployments.addObject();
                for (String field : DEPLOYMENT_FIELDS) {
                    if (deployment.json().has(field)) {
                        shown.set(field, deployment.json().get(field));
                    }
                }
            }
            return answer;
        });
    }

    /** The last {@code slots} slots of a service's inbound and outbound traffic, oldest first. */
    public ObjectNode traffic(String cluster, String serviceName, int slots) {
        store.read(tx -> requireService(tx, cluster, serviceName));
        Predicate<SeriesKey> mine =
                k -> k.cluster().equals(cluster) && k.service().equals(serviceName);
        return Json.mapper()
                .valueToTree(new Traffic(
                        serviceName,
                        cluster,
                        (long) SLOT_SECONDS,
                        points(mine.and(k -> k.direction() == Direction.INBOUND), slots),
                        points(mine.and(k -> k.direction() == Direction.OUTBOUND), slots)));
    }

    private List<TrafficPoint> points(Predicate<SeriesKey> keys, int slots) {
        return window.points(keys, slots).stream()
                .map(p -> TrafficPoint.of(p, SLOT_SECONDS))
                .toList();
    }

    /**
     * The namespace's services as a graph: nodes are services (and target discovery names that no
     * service serves), edges the calls measured over the last minute (any request or byte),
     * source service to target discovery name, with their rate and the share answered 5xx.
     */
    public ObjectNode topology(String name) {
        List<TopologyAnswer.Node> nodes = store.read(tx -> servicesOf(tx, namespace(tx, name)).stream()
                .map(service -> new TopologyAnswer.Node(
                        TopologyAnswer.nodeId(service.cluster(), service.name()),
                        service.name(),
                        service.cluster(),
                        ServiceSummary.serviceConnectServices(service).stream()
                                .map(ServiceConnectEntry::discoveryName)
                                .toList()))
                .toList());
        return Json.mapper().valueToTree(TopologyAnswer.of(name, nodes, window));
    }

    /** The namespace with this name; the console names namespaces and clusters without their region. */
    private static Namespace namespace(Transaction tx, String name) {
        return Namespace.all(tx).stream()
                .filter(namespace -> namespace.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ApiException("NamespaceNotFound", 404, "Namespace '" + name + "' not found."));
    }

    /** The live services of a namespace, by name, then cluster. */
    private static List<Service> servicesOf(Transaction tx, Namespace namespace) {
        return Service.inNamespace(tx, namespace.arn()).stream()
                .sorted(Comparator.comparing(Service::name).thenComparing(Service::clusterArn))
                .toList();
    }

    private static Service requireService(Transaction tx, String cluster, String serviceName) {
        return Service.live(tx).stream()
                .filter(s -> cluster.equals(s.cluster()) && serviceName.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        "ServiceNotFoundException",
                        404,
                        "Service '" + serviceName + "' not found in cluster '" + cluster + "'."));
    }
}
