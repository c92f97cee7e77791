package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** CreateCluster, DescribeClusters, ListClusters, UpdateCluster and DeleteCluster. */
final class ClusterOperations {

    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Pattern NAMESPACE = Pattern.compile("[^<>\"/]{0,1024}");

    private final Store store;
    private final EcsRegistry registry;

    ClusterOperations(Store store, EcsRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    ObjectNode create(Params request) {
        String name = request.string("clusterName") == null ? "default" : request.string("clusterName");
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw request.invalid("clusterName", "'" + name + "' (expected: 1-255 of a-z, A-Z, 0-9, '-' and '_')");
        }
        Params defaults = request.object("serviceConnectDefaults");
        Map<String, String> tags = Tags.read(request, "tags");
        ObjectNode cluster = store.write(tx -> {
            ObjectNode existing = registry.cluster(tx, request.region(), name).orElse(null);
            if (existing != null) {
                return view(tx, existing);
            }
            ObjectNode created = Json.mapper().createObjectNode();
            created.put("clusterArn", registry.clusterArn(request.region(), name));
            created.put("clusterName", name);
            created.put("status", "ACTIVE");
            ArrayNode settings = created.putArray("settings");
            List<Params> requested = request.objects("settings");
            if (requested.isEmpty()) {
                settings.addObject().put("name", "containerInsights").put("value", "disabled");
            } else {
                requested.forEach(s -> settings.add(s.node()));
            }
            copy(request, created, "configuration");
            CapacityProviderOperations.apply(request, created);
            created.set("tags", Tags.toJson(tags));
            applyServiceConnectDefaults(tx, request.region(), created, defaults);
            created.putArray("statistics");
            created.putArray("attachments");
            Cluster.of(created).save(tx);
            return view(tx, created);
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("cluster", cluster);
        return response;
    }

    ObjectNode describe(Params request) {
        List<String> wanted = request.strings("clusters", 0, 100);
        List<String> references = wanted.isEmpty() ? List.of("default") : wanted;
        List<String> included = Includes.CLUSTER.read(request);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode clusters = response.putArray("clusters");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            for (String reference : references) {
                String arn = registry.clusterArn(request.region(), reference);
                Optional<Cluster> cluster =
                        Cluster.find(tx, arn).filter(c -> request.region().equals(Document.regionOf(arn)));
                if (cluster.isEmpty()) {
                    Failures.missing(failures, arn);
                } else {
                    clusters.add(
                            Includes.CLUSTER.described(view(tx, cluster.get().json()), included));
                }
            }
            return null;
        });
        return response;
    }

    ObjectNode list(Params request) {
        List<String> arns = store.read(tx -> Cluster.all(tx).stream()
                .filter(c -> c.isActive() && request.region().equals(Document.regionOf(c.arn())))
                .map(Cluster::arn)
                .toList());
        return Pages.ecsArns(request, arns, "clusterArns", 100);
    }

    ObjectNode update(Params request) {
        String reference = request.requiredString("cluster");
        Params defaults = request.object("serviceConnectDefaults");
        ObjectNode cluster = store.write(tx -> {
            ObjectNode existing = registry.requireCluster(tx, request.region(), reference);
            if (request.has("settings")) {
                existing.set("settings", request.node().get("settings"));
            }
            copy(request, existing, "configuration");
            if (defaults != null) {
                applyServiceConnectDefaults(tx, request.region(), existing, defaults);
            }
            Cluster.of(existing).save(tx);
            return view(tx, existing);
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("cluster", cluster);
        return response;
    }

    ObjectNode delete(Params request) {
        String reference = request.requiredString("cluster");
        ObjectNode cluster = store.write(tx -> {
            Cluster existing = Cluster.of(registry.requireCluster(tx, request.region(), reference));
            String arn = existing.arn();
            if (Service.inCluster(tx, arn).stream().anyMatch(Service::isLive)) {
                throw new ApiException(
                        "ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
            }
            if (Task.inCluster(tx, arn).stream().anyMatch(t -> !t.isStopped())) {
                throw new ApiException(
                        "ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
            }
            if (Host.inCluster(tx, arn).stream().anyMatch(Host::isActive)) {
                throw new ApiException(
                        "ClusterContainsContainerInstancesException",
                        "The Cluster cannot be deleted while Container Instances are active or draining.");
            }
            existing.deactivate().save(tx);
            return view(tx, existing.json());
        });
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("cluster", cluster);
        return response;
    }

    /**
     * Sets a cluster's default namespace, creating an HTTP namespace of that name when none
     * exists, as ECS does; an empty name removes the default and keeps the namespace.
     */
    private void applyServiceConnectDefaults(Transaction tx, String region, ObjectNode cluster, Params defaults) {
        if (defaults == null) {
            return;
        }
        String namespace = defaults.string("namespace");
        if (namespace == null) {
            throw defaults.invalid("namespace", "is required");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw defaults.invalid(
                    "namespace", "'" + namespace + "' (expected: at most 1024 characters, none of < > \" /)");
        }
        if (namespace.isEmpty()) {
            cluster.remove("serviceConnectDefaults");
            return;
        }
        ObjectNode found =
                registry.cloudMap().namespaceByNameOrId(tx, region, namespace).orElse(null);
        if (found == null) {
            registry.cloudMap().createHttpNamespace(tx, region, namespace, null, null);
            found = registry.cloudMap().namespaceByName(tx, region, namespace).orElseThrow();
        }
        cluster.putObject("serviceConnectDefaults")
                .put("namespace", found.get("Arn").asText());
    }

    /** A cluster as answered: with its current counts. */
    private static ObjectNode view(Transaction tx, ObjectNode stored) {
        Cluster cluster = Cluster.of(stored);
        List<Task> tasks = Task.inCluster(tx, cluster.arn());
        int running = (int) tasks.stream().filter(Task::isRunning).count();
        int pending = (int)
                tasks.stream().filter(t -> !t.isRunning() && !t.isStopped()).count();
        int hosts = (int) Host.inCluster(tx, cluster.arn()).stream()
                .filter(Host::isActive)
                .count();
        int services = (int) Service.inCluster(tx, cluster.arn()).stream()
                .filter(Service::isActive)
                .count();
        return cluster.counts(hosts, running, pending, services).json();
    }

    private static void copy(Params request, ObjectNode to, String field) {
        JsonNode value = request.node().get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }
}
