package dev.svcconnect.controlplane.console;

import dev.svcconnect.controlplane.metrics.MetricsWindow;
import dev.svcconnect.controlplane.metrics.Point;
import dev.svcconnect.controlplane.metrics.RecentDenials;
import dev.svcconnect.controlplane.metrics.SeriesKey;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace's services as a graph: nodes are services, edges the calls measured over the last
 * minute (any request or byte), source service to target discovery name, with their rate and the
 * share answered 5xx.
 *
 * @param windowSeconds the time the edges' counts cover
 */
record TopologyAnswer(
        String namespace, List<Node> nodes, List<Edge> edges, List<DeniedEdge> deniedEdges, long windowSeconds) {

    /**
     * A service of the namespace.
     *
     * @param id {@code cluster/service}
     */
    record Node(String id, String service, String cluster, List<String> discoveryNames) {}

    /**
     * Calls from a service to a discovery name.
     *
     * @param source the node id of the calling service
     * @param target the discovery name called
     * @param targetNodes the nodes that serve the discovery name
     */
    record Edge(
            String source,
            String target,
            List<String> targetNodes,
            long requests,
            double requestsPerSecond,
            double bytesPerSecond,
            double errorShare) {}

    /**
     * Calls the access policy of {@code target} refused over the same minute.
     *
     * @param caller the caller's SPIFFE ID, or {@code unknown}
     * @param sourceNodes the nodes of the namespace the caller names (by service or discovery name)
     * @param targetNodes the nodes that serve the discovery name
     */
    record DeniedEdge(String caller, List<String> sourceNodes, String target, List<String> targetNodes, long denied) {}

    /** The graph of the namespace {@code name} with these nodes, its edges summed from {@code window}. */
    static TopologyAnswer of(String name, List<Node> nodes, MetricsWindow window) {
        Map<String, List<String>> servedBy = new LinkedHashMap<>();
        for (Node node : nodes) {
            node.discoveryNames()
                    .forEach(d ->
                            servedBy.computeIfAbsent(d, x -> new ArrayList<>()).add(node.id()));
        }
        Map<List<String>, Point> sums = new LinkedHashMap<>();
        for (SeriesKey key : window.keys()) {
            if (key.namespace().equals(name) && key.direction() == Direction.OUTBOUND) {
                sums.computeIfAbsent(
                        List.of(nodeId(key.cluster(), key.service()), key.discoveryName()),
                        edge -> window.sum(k -> isEdge(k, name, edge), ConsoleApi.RECENT_SLOTS));
            }
        }
        List<Edge> edges = new ArrayList<>();
        sums.forEach((edge, sum) -> {
            if (sum.requests() != 0 || sum.bytes() != 0) {
                edges.add(new Edge(
                        edge.get(0),
                        edge.get(1),
                        servedBy.getOrDefault(edge.get(1), List.of()),
                        sum.requests(),
                        sum.requests() / ConsoleApi.RECENT_SECONDS,
                        sum.bytes() / ConsoleApi.RECENT_SECONDS,
                        sum.responses() == 0 ? 0.0 : (double) sum.http5xx() / sum.responses()));
            }
        });
        return new TopologyAnswer(
                name, nodes, edges, deniedEdges(name, nodes, servedBy, window), (long) ConsoleApi.RECENT_SECONDS);
    }

    private static List<DeniedEdge> deniedEdges(
            String name, List<Node> nodes, Map<String, List<String>> servedBy, MetricsWindow window) {
        Map<List<String>, Long> denied = new LinkedHashMap<>();
        for (RecentDenials.Denial d : window.denials(
                (long) ConsoleApi.RECENT_SECONDS, d -> d.namespace().equals(name))) {
            denied.merge(List.of(d.caller(), d.discoveryName()), d.count(), Long::sum);
        }
        List<DeniedEdge> edges = new ArrayList<>();
        denied.forEach((edge, count) -> edges.add(new DeniedEdge(
                edge.get(0),
                callerNodes(edge.get(0), name, nodes),
                edge.get(1),
                servedBy.getOrDefault(edge.get(1), List.of()),
                count)));
        return edges;
    }

    /** The nodes of the namespace whose service or discovery name the caller's identity names. */
    private static List<String> callerNodes(String caller, String namespace, List<Node> nodes) {
        WorkloadIdentity identity;
        try {
            identity = WorkloadIdentity.parse(caller);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (!identity.namespace().equals(namespace)) {
            return List.of();
        }
        return nodes.stream()
                .filter(n -> n.service().equals(identity.service())
                        || n.discoveryNames().contains(identity.service()))
                .map(Node::id)
                .toList();
    }

    private static boolean isEdge(SeriesKey k, String namespace, List<String> edge) {
        return k.namespace().equals(namespace)
                && k.direction() == Direction.OUTBOUND
                && nodeId(k.cluster(), k.service()).equals(edge.get(0))
                && k.discoveryName().equals(edge.get(1));
    }

    static String nodeId(String cluster, String service) {
        return cluster + "/" + service;
    }
}
