package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.TaskReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Desired state: keeps each service's tasks in line with its deployments, places tasks on the
 * registered hosts of their cluster, and applies what host agents report about tasks.
 *
 * <p>A service holds {@code desiredCount} tasks of its PRIMARY deployment. A new deployment
 * replaces the tasks of older ones as its own reach RUNNING: an old task that is not RUNNING stops
 * at once, a RUNNING one once a new task runs in its place, within {@code maximumPercent} tasks in
 * all and, when that leaves no room, down to {@code minimumHealthyPercent}. A task that stops is
 * replaced, later and later (5 s doubling up to 60 s) once 3 of its deployment's tasks failed. The deployment circuit breaker fails a deployment whose tasks keep stopping and, with
 * {@code rollback}, makes the previous deployment PRIMARY again. A task's Cloud Map instances are registered when it is RUNNING and
 * deregistered as soon as it is asked to stop, so clients stop choosing it while it drains.
 */
public final class Scheduler {

    /** Task attribute: the address the task's inbound proxy listens on. */
    public static final String ADDRESS = "svc-connect.address";
    /** Task attribute: the address the application listens on, behind the inbound proxy. */
    public static final String APP_ADDRESS = "svc-connect.app-address";
    /** Task attribute prefix: the inbound port of a port mapping name, when not the default. */
    public static final String INGRESS_PORT = "svc-connect.ingress-port.";
    /** Task attribute: the first two octets of the task's client alias addresses, when not 127.255. */
    public static final String ALIAS_PREFIX = "svc-connect.alias-prefix";
    /** Task attribute: the address of the task proxy's admin port, when not the default. */
    public static final String ADMIN_ADDRESS = "svc-connect.admin-address";
    /** Task attribute: the time (epoch seconds) before which a host should not start the task. */
    public static final String START_AFTER = "svc-connect.start-after";
    /** Failed tasks of a deployment after which its replacements start later and later. */
    private static final int FAILURES_BEFORE_BACKOFF = 3;

    private static final long MAX_BACKOFF_SECONDS = 60;
    /** Container instance attribute: the launch type of the tasks a host runs. */
    public static final String HOST_LAUNCH_TYPE = "svc-connect.launch-type";
    /** Container instance attribute: the host's address. */
    public static final String HOST_ADDRESS = "svc-connect.address";

    private static final long STOPPED_TASK_RETENTION_SECONDS = 3600;
    /** States of a task on its way out, e.g. after an essential container exited: it gets no more traffic. */
    private static final Set<String> LEAVING_STATES = Set.of("DEACTIVATING", "STOPPING", "DEPROVISIONING");

    private static final Set<String> PENDING_STATES = Set.of("PROVISIONING", "PENDING", "ACTIVATING");

    private final EcsRegistry registry;
    private final ResourceNames names;

    public Scheduler(EcsRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
        this.names = registry.names();
    }

    /** Makes a new PRIMARY deployment of {@code service}; the previous PRIMARY becomes ACTIVE. */
    ObjectNode newDeployment(
            ObjectNode service, String taskDefinitionArn, ServiceConnectValidator.Resolved serviceConnect) {
        ObjectNode deployment = Json.mapper().createObjectNode();
        deployment.put("id", "ecs-svc/" + ResourceNames.decimalId(19));
        deployment.put("status", "PRIMARY");
        deployment.put("taskDefinition", taskDefinitionArn);
        deployment.put("desiredCount", service.path("desiredCount").asInt());
        deployment.put("pendingCount", 0);
        deployment.put("runningCount", 0);
        deployment.put("failedTasks", 0);
        deployment.put("createdAt", names.now());
        deployment.put("updatedAt", names.now());
        deployment.put("launchType", service.path("launchType").asText());
        if (service.has("platformVersion")) {
            deployment.set("platformVersion", service.get("platformVersion"));
        }
        if (service.has("networkConfiguration")) {
            deployment.set("networkConfiguration", service.get("networkConfiguration"));
        }
        deployment.put("rolloutState", "IN_PROGRESS");
        deployment.put(
                "rolloutStateReason", "ECS deployment " + deployment.get("id").asText() + " in progress.");
        if (serviceConnect != null) {
            deployment.set("serviceConnectConfiguration", serviceConnect.configuration());
            deployment.set("serviceConnectResources", serviceConnect.resources());
        }
        ArrayNode deployments = Json.mapper().createArrayNode();
        deployments.add(deployment);
        for (JsonNode old : service.path("deployments")) {
            ((ObjectNode) old).put("status", "ACTIVE");
            deployments.add(old);
        }
        service.set("deployments", deployments);
        return deployment;
    }

    /** Brings one service's tasks in line with its deployments, then saves the service. */
    public void reconcile(Transaction tx, ObjectNode service) {
        String serviceArn = service.get("serviceArn").asText();
        String cluster = EcsRegistry.clusterName(service.get("clusterArn").asText());
        boolean draining = !"ACTIVE".equals(service.path("status").asText());
        int desired = draining ? 0 : service.path("desiredCount").asInt();
        ArrayNode deployments = (ArrayNode) service.get("deployments");
        String primaryId = deployments.get(0).get("id").asText();

        Map<String, List<ObjectNode>> live = new HashMap<>();
        for (ObjectNode task : tx.listByRef(Table.TASKS, serviceArn)) {
            if (wantsToRun(task)) {
                live.computeIfAbsent(task.path("startedBy").asText(), k -> new ArrayList<>())
                        .add(task);
            } else if (isStopped(task)
                    && task.path("stoppedAt").asDouble() < names.now() - STOPPED_TASK_RETENTION_SECONDS) {
                tx.delete(Table.TASKS, EcsRegistry.taskId(task.get("taskArn").asText()));
            }
        }
        List<ObjectNode> primaryTasks = live.getOrDefault(primaryId, new ArrayList<>());
        primaryTasks.sort(Comparator.comparingInt(Scheduler::stopPreference));
        while (primaryTasks.size() > desired) {
            stopTask(
                    tx,
                    primaryTasks.remove(0),
                    "Scaling activity initiated by (deployment " + primaryId + ")",
                    "ServiceSchedulerInitiated");
        }
        long primaryRunning = primaryTasks.stream().filter(Scheduler::isRunning).count();
        JsonNode limits = service.path("deploymentConfiguration");
        int maxTasks = Math.max(desired, desired * limits.path("maximumPercent").asInt(200) / 100);
        int minHealthy = (desired * limits.path("minimumHealthyPercent").asInt(100) + 99) / 100;
        int oldRunning = 0;
        for (int i = 1; i < deployments.size(); i++) {
            oldRunning += (int) live.getOrDefault(deployments.get(i).get("id").asText(), List.of()).stream()
                    .filter(Scheduler::isRunning)
                    .count();
        }
        // Old tasks stay until new ones run in their place; when maximumPercent leaves no room for
        // a new task, old ones stop down to minimumHealthyPercent.
        long oldRunningAllowed = Math.min(oldRunning, Math.max(0, desired - primaryRunning));
        if (primaryTasks.size() < desired && primaryTasks.size() + oldRunningAllowed >= maxTasks) {
            oldRunningAllowed = Math.max(
                    Math.max(0, minHealthy - primaryRunning),
                    Math.min(oldRunningAllowed, maxTasks - primaryTasks.size() - 1L));
        }
        while (primaryTasks.size() < desired && primaryTasks.size() + oldRunningAllowed < maxTasks) {
            primaryTasks.add(createTask(tx, service, (ObjectNode) deployments.get(0)));
        }

        ArrayNode kept = Json.mapper().createArrayNode();
        kept.add(deployments.get(0));
        for (int i = 1; i < deployments.size(); i++) {
            ObjectNode deployment = (ObjectNode) deployments.get(i);
            List<ObjectNode> oldTasks = live.getOrDefault(deployment.get("id").asText(), new ArrayList<>());
            oldTasks.sort(Comparator.comparingInt(Scheduler::stopPreference).reversed());
            List<ObjectNode> remaining = new ArrayList<>();
            for (ObjectNode task : oldTasks) {
                if (isRunning(task) && oldRunningAllowed > 0) {
                    oldRunningAllowed--;
                    remaining.add(task);
                } else {
                    stopTask(tx, task, "Task replaced by deployment " + primaryId, "ServiceSchedulerInitiated");
                    if (!isStopped(task)) {
                        remaining.add(task);
                    }
                }
            }
            if (!remaining.isEmpty()) {
                updateCounts(deployment, remaining, remaining.size());
                kept.add(deployment);
            }
        }
        ObjectNode primary = (ObjectNode) deployments.get(0);
        updateCounts(primary, primaryTasks, desired);
        if (tripsCircuitBreaker(service, primary, desired)) {
            event(service, "(deployment " + primaryId + ") deployment failed: tasks failed to start.");
            kept = rollBack(service, primary, kept);
            service.set("deployments", kept);
            tx.put(Table.SERVICES, serviceArn, cluster, namespaceOf(service), service);
            reconcile(tx, service);
            return;
        }
        if (kept.size() == 1
                && primaryRunning == desired
                && !"COMPLETED".equals(primary.path("rolloutState").asText())) {
            primary.put("rolloutState", "COMPLETED");
            primary.put("rolloutStateReason", "ECS deployment " + primaryId + " completed.");
        }
        service.set("deployments", kept);
        int running = 0;
        int pending = 0;
        for (JsonNode deployment : kept) {
            running += deployment.path("runningCount").asInt();
            pending += deployment.path("pendingCount").asInt();
        }
        service.put("runningCount", running);
        service.put("pendingCount", pending);
        if (draining && running + pending == 0 && liveTasks(tx, serviceArn) == 0) {
            service.put("status", "INACTIVE");
        }
        tx.put(Table.SERVICES, serviceArn, cluster, namespaceOf(service), service);
        if ("INACTIVE".equals(service.path("status").asText())) {
            releaseDiscoveryServices(tx, service);
        }
        placeTasks(tx, cluster);
    }

    /**
     * Whether the deployment circuit breaker stops {@code primary}: it is enabled, the deployment is
     * in progress, and as many of its tasks failed as ECS's threshold (half the desired count, at
     * least 3, at most 200). Marks the deployment FAILED.
     */
    private boolean tripsCircuitBreaker(ObjectNode service, ObjectNode primary, int desired) {
        JsonNode breaker = service.path("deploymentConfiguration").path("deploymentCircuitBreaker");
        int threshold = Math.min(200, Math.max(3, (desired + 1) / 2));
        if (!breaker.path("enable").asBoolean()
                || !"IN_PROGRESS".equals(primary.path("rolloutState").asText())
                || primary.path("failedTasks").asInt() < threshold) {
            return false;
        }
        primary.put("rolloutState", "FAILED");
        primary.put("rolloutStateReason", "ECS deployment circuit breaker: tasks failed to start.");
        return true;
    }

    /** Adds a service event, newest first, as DescribeServices shows them (at most 100 kept). */
    private void event(ObjectNode service, String message) {
        ArrayNode events = Json.mapper().createArrayNode();
        events.addObject()
                .put("id", UUID.randomUUID().toString())
                .put("createdAt", names.now())
                .put("message", "(service " + service.path("serviceName").asText() + ") " + message);
        for (JsonNode old : service.path("events")) {
            if (events.size() < 100) {
                events.add(old);
            }
        }
        service.set("events", events);
    }

    /**
     * After the circuit breaker stopped a deployment: with {@code rollback}, the most recent older
     * deployment becomes PRIMARY again (its running tasks stay) and the failed one's tasks stop.
     */
    private ArrayNode rollBack(ObjectNode service, ObjectNode failed, ArrayNode deployments) {
        boolean rollback = service.path("deploymentConfiguration")
                .path("deploymentCircuitBreaker")
                .path("rollback")
                .asBoolean();
        if (!rollback || deployments.size() < 2) {
            return deployments;
        }
        ObjectNode previous = (ObjectNode) deployments.get(1);
        previous.put("status", "PRIMARY");
        previous.put("rolloutState", "IN_PROGRESS");
        previous.put(
                "rolloutStateReason",
                "ECS deployment circuit breaker: rolling back to deploymentId "
                        + previous.get("id").asText() + ".");
        previous.put("updatedAt", names.now());
        previous.put("failedTasks", 0);
        failed.put("status", "ACTIVE");
        service.put("taskDefinition", previous.get("taskDefinition").asText());
        event(service, "rolling back to deployment " + previous.get("id").asText() + ".");
        ArrayNode reordered = Json.mapper().createArrayNode();
        reordered.add(previous);
        reordered.add(failed);
        for (int i = 2; i < deployments.size(); i++) {
            reordered.add(deployments.get(i));
        }
        return reordered;
    }

    /** Counts a task that stopped without being asked as a failed task of its deployment. */
    private void recordFailure(Transaction tx, ObjectNode task) {
        ObjectNode service = owner(tx, task).orElse(null);
        if (service == null) {
            return;
        }
        for (JsonNode deployment : service.path("deployments")) {
            if (deployment.path("id").asText().equals(task.path("startedBy").asText())) {
                ((ObjectNode) deployment)
                        .put("failedTasks", deployment.path("failedTasks").asInt() + 1);
                String cluster =
                        EcsRegistry.clusterName(service.get("clusterArn").asText());
                tx.put(Table.SERVICES, service.get("serviceArn").asText(), cluster, namespaceOf(service), service);
                return;
            }
        }
    }

    /** The namespace ARN of a service's PRIMARY deployment, or null without Service Connect. */
    static String namespaceOf(ObjectNode service) {
        return service.path("deployments")
                .path(0)
                .path("serviceConnectConfiguration")
                .path("namespace")
                .asText(null);
    }

    /** Asks a task to stop; one that no host runs yet stops at once. */
    void stopTask(Transaction tx, ObjectNode task, String reason, String stopCode) {
        if (!wantsToRun(task)) {
            return;
        }
        task.put("desiredStatus", "STOPPED");
        task.put("stoppingAt", names.now());
        task.put("stoppedReason", reason);
        task.put("stopCode", stopCode);
        deregisterInstances(tx, task);
        if (!task.has("containerInstanceArn")) {
            markStopped(task);
        }
        task.put("version", task.path("version").asInt() + 1);
        saveTask(tx, task);
    }

    /** Stops a task whose host is gone, at once, and lets its service replace it. */
    void abandon(Transaction tx, ObjectNode task, String reason) {
        task.remove("containerInstanceArn");
        stopTask(tx, task, reason, "TaskFailedToStart");
        reconcileOwner(tx, task);
    }

    /**
     * Applies a host agent's report about a task: its {@code lastStatus}, address, health and,
     * once stopped, the reason. Registers its Cloud Map instances when it runs and deregisters
     * them when it stops; then reconciles its service.
     *
     * @param report {@code lastStatus}, and optionally {@code address}, {@code appAddress},
     *     {@code ingressPorts} (port mapping name to port), {@code healthStatus},
     *     {@code stoppedReason}, {@code exitCode}
     */
    public ObjectNode applyReport(Transaction tx, ObjectNode task, TaskReport report) {
        String status = report.lastStatus();
        task.put("lastStatus", status);
        if (report.healthStatus() != null) {
            task.put("healthStatus", report.healthStatus());
        }
        ArrayNode attributes = Json.mapper().createArrayNode();
        for (JsonNode attribute : task.path("attributes")) {
            if (!attribute.path("name").asText().startsWith("svc-connect.")) {
                attributes.add(attribute);
            }
        }
        Map<String, String> svcAttributes = new LinkedHashMap<>();
        if (report.address() != null) {
            svcAttributes.put(ADDRESS, report.address());
        } else {
            svcAttributes.put(ADDRESS, attribute(task, ADDRESS));
        }
        svcAttributes.put(
                APP_ADDRESS, report.appAddress() != null ? report.appAddress() : attribute(task, APP_ADDRESS));
        svcAttributes.put(
                ALIAS_PREFIX, report.aliasPrefix() != null ? report.aliasPrefix() : attribute(task, ALIAS_PREFIX));
        svcAttributes.put(
                ADMIN_ADDRESS, report.adminAddress() != null ? report.adminAddress() : attribute(task, ADMIN_ADDRESS));
        report.ingressPorts().forEach((name, port) -> svcAttributes.put(INGRESS_PORT + name, Integer.toString(port)));
        if (report.ingressPorts().isEmpty()) {
            for (JsonNode attribute : task.path("attributes")) {
                if (attribute.path("name").asText().startsWith(INGRESS_PORT)) {
                    svcAttributes.put(
                            attribute.get("name").asText(),
                            attribute.get("value").asText());
                }
            }
        }
        svcAttributes.forEach((name, value) -> {
            if (value != null) {
                attributes.addObject().put("name", name).put("value", value);
            }
        });
        task.set("attributes", attributes);
        String address = attribute(task, ADDRESS);
        for (JsonNode container : task.path("containers")) {
            ObjectNode c = (ObjectNode) container;
            c.put("lastStatus", containerStatus(status));
            if (address != null) {
                c.putArray("networkInterfaces").addObject().put("privateIpv4Address", address);
            }
            if ("STOPPED".equals(status) && report.exitCode() != null) {
                c.put("exitCode", report.exitCode());
            }
        }
        switch (status) {
            case "RUNNING" -> {
                if (!task.has("startedAt")) {
                    task.put("startedAt", names.now());
                }
                if (!task.has("connectivity")) {
                    task.put("connectivity", "CONNECTED");
                    task.put("connectivityAt", names.now());
                }
                if ("RUNNING".equals(task.path("desiredStatus").asText())) {
                    registerInstances(tx, task);
                }
            }
            case "STOPPED" -> {
                if ("RUNNING".equals(task.path("desiredStatus").asText())) {
                    recordFailure(tx, task);
                }
                if (report.stoppedReason() != null) {
                    task.put("stoppedReason", report.stoppedReason());
                }
                if (!task.has("stopCode")) {
                    task.put("stopCode", "EssentialContainerExited");
                }
                deregisterInstances(tx, task);
                markStopped(task);
            }
            default -> {
                if (!"RUNNING".equals(task.path("desiredStatus").asText()) || LEAVING_STATES.contains(status)) {
                    deregisterInstances(tx, task);
                }
            }
        }
        task.put("version", task.path("version").asInt() + 1);
        saveTask(tx, task);
        reconcileOwner(tx, task);
        return task;
    }

    /** Reconciles the service a task belongs to, if any. */
    void reconcileOwner(Transaction tx, ObjectNode task) {
        String group = task.path("group").asText("");
        if (group.startsWith("service:")) {
            String cluster = EcsRegistry.clusterName(task.get("clusterArn").asText());
            registry.service(tx, cluster, group.substring("service:".length()))
                    .filter(s -> !"INACTIVE".equals(s.path("status").asText()))
                    .ifPresent(s -> reconcile(tx, s));
        }
    }

    /**
     * Places every unplaced task of a cluster that should run: on the matching host (same launch
     * type) with the fewest tasks among those with enough CPU and memory left (Fargate-like capacity
     * gives every task a host of its own, so only EC2 hosts are bounded). A task that fits nowhere
     * stays PROVISIONING, and its service says why in an event.
     */
    public void placeTasks(Transaction tx, String cluster) {
        List<ObjectNode> hosts = tx.list(Table.CONTAINER_INSTANCES, cluster).stream()
                .filter(h -> "ACTIVE".equals(h.path("status").asText()))
                .toList();
        if (hosts.isEmpty()) {
            return;
        }
        Map<String, Integer> load = new HashMap<>();
        Map<String, Integer> cpuUsed = new HashMap<>();
        Map<String, Integer> memoryUsed = new HashMap<>();
        List<ObjectNode> unplaced = new ArrayList<>();
        for (ObjectNode task : tx.list(Table.TASKS, cluster)) {
            if (isStopped(task)) {
                continue;
            }
            if (task.has("containerInstanceArn")) {
                String host = task.get("containerInstanceArn").asText();
                load.merge(host, 1, Integer::sum);
                cpuUsed.merge(host, units(task, "cpu"), Integer::sum);
                memoryUsed.merge(host, units(task, "memory"), Integer::sum);
            } else if (wantsToRun(task)) {
                unplaced.add(task);
            }
        }
        for (ObjectNode task : unplaced) {
            String launchType = task.path("launchType").asText("EC2");
            List<ObjectNode> matching = hosts.stream()
                    .filter(h -> launchType.equals(attribute(h, HOST_LAUNCH_TYPE)))
                    .toList();
            Optional<ObjectNode> host = matching.stream()
                    .filter(h -> "FARGATE".equals(launchType) || fits(h, task, cpuUsed, memoryUsed))
                    .min(Comparator.<ObjectNode>comparingInt(h -> load.getOrDefault(
                                    h.get("containerInstanceArn").asText(), 0))
                            .thenComparing(h -> h.get("containerInstanceArn").asText()));
            if (host.isPresent()) {
                String hostArn = host.get().get("containerInstanceArn").asText();
                task.put("containerInstanceArn", hostArn);
                task.put("version", task.path("version").asInt() + 1);
                load.merge(hostArn, 1, Integer::sum);
                cpuUsed.merge(hostArn, units(task, "cpu"), Integer::sum);
                memoryUsed.merge(hostArn, units(task, "memory"), Integer::sum);
                saveTask(tx, task);
            } else if (!matching.isEmpty()) {
                owner(tx, task).ifPresent(service -> unplaceable(tx, service));
            }
        }
    }

    private void unplaceable(Transaction tx, ObjectNode service) {
        String message = "was unable to place a task because no container instance met all of its requirements:"
                + " not enough CPU units or memory left on the cluster's hosts.";
        if (service.path("events").path(0).path("message").asText().endsWith(message)) {
            return;
        }
        event(service, message);
        String cluster = EcsRegistry.clusterName(service.get("clusterArn").asText());
        tx.put(Table.SERVICES, service.get("serviceArn").asText(), cluster, namespaceOf(service), service);
    }

    private static boolean fits(
            ObjectNode host, ObjectNode task, Map<String, Integer> cpuUsed, Map<String, Integer> memoryUsed) {
        String arn = host.get("containerInstanceArn").asText();
        return cpuUsed.getOrDefault(arn, 0) + units(task, "cpu") <= registered(host, "CPU")
                && memoryUsed.getOrDefault(arn, 0) + units(task, "memory") <= registered(host, "MEMORY");
    }

    /** A task's {@code cpu} or {@code memory} as a number (ECS gives them as strings), 0 when absent. */
    static int units(ObjectNode task, String field) {
        String value = task.path(field).asText("0").trim();
        return value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
    }

    /** A host's registered CPU units or MiB of memory. */
    static int registered(ObjectNode host, String resource) {
        for (JsonNode entry : host.path("registeredResources")) {
            if (resource.equals(entry.path("name").asText())) {
                return entry.path("integerValue").asInt();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The value of an ECS attribute ({@code name}/{@code value}) of a task or host, or null. */
    public static String attribute(ObjectNode task, String name) {
        for (JsonNode attribute : task.path("attributes")) {
            if (name.equals(attribute.path("name").asText())) {
                return attribute.path("value").asText(null);
            }
        }
        return null;
    }

    static boolean wantsToRun(ObjectNode task) {
        return "RUNNING".equals(task.path("desiredStatus").asText()) && !isStopped(task);
    }

    static boolean isStopped(ObjectNode task) {
        return "STOPPED".equals(task.path("lastStatus").asText());
    }

    static boolean isRunning(ObjectNode task) {
        return "RUNNING".equals(task.path("lastStatus").asText());
    }

    private ObjectNode createTask(Transaction tx, ObjectNode service, ObjectNode deployment) {
        String cluster = EcsRegistry.clusterName(service.get("clusterArn").asText());
        String id = ResourceNames.hexId(32);
        String taskArn = names.arn("ecs", "task/" + cluster + "/" + id);
        ObjectNode taskDefinition = registry.taskDefinition(
                        tx, deployment.get("taskDefinition").asText())
                .orElseThrow();
        ObjectNode task = Json.mapper().createObjectNode();
        task.put("taskArn", taskArn);
        task.put("clusterArn", service.get("clusterArn").asText());
        task.put("taskDefinitionArn", deployment.get("taskDefinition").asText());
        task.put("group", "service:" + service.get("serviceName").asText());
        task.put("startedBy", deployment.get("id").asText());
        task.put("lastStatus", "PROVISIONING");
        task.put("desiredStatus", "RUNNING");
        task.put("launchType", deployment.path("launchType").asText("EC2"));
        if ("FARGATE".equals(task.get("launchType").asText())) {
            task.put("platformVersion", "1.4.0");
            task.put("platformFamily", "Linux");
        }
        copy(taskDefinition, task, "cpu");
        copy(taskDefinition, task, "memory");
        task.put("availabilityZone", names.region() + "a");
        task.put("createdAt", names.now());
        task.put("healthStatus", "UNKNOWN");
        task.put("version", 1);
        ArrayNode containers = task.putArray("containers");
        for (JsonNode definition : taskDefinition.path("containerDefinitions")) {
            ObjectNode container = containers.addObject();
            container.put(
                    "containerArn",
                    names.arn("ecs", "container/" + cluster + "/" + id + "/" + ResourceNames.hexId(32)));
            container.put("taskArn", taskArn);
            container.put("name", definition.path("name").asText());
            copy((ObjectNode) definition, container, "image");
            container.put("lastStatus", "PENDING");
            container.putArray("networkBindings");
            container.putArray("networkInterfaces");
            container.put("healthStatus", "UNKNOWN");
        }
        ObjectNode overrides = task.putObject("overrides");
        overrides.putArray("containerOverrides");
        overrides.putArray("inferenceAcceleratorOverrides");
        task.putArray("attachments");
        task.putArray("tags");
        int failures = deployment.path("failedTasks").asInt();
        if (failures >= FAILURES_BEFORE_BACKOFF) {
            long delay = Math.min(MAX_BACKOFF_SECONDS, 5L << Math.min(10, failures - FAILURES_BEFORE_BACKOFF));
            task.putArray("attributes")
                    .addObject()
                    .put("name", START_AFTER)
                    .put("value", Long.toString((long) names.now() + delay));
        }
        saveTask(tx, task);
        return task;
    }

    private void registerInstances(Transaction tx, ObjectNode task) {
        ObjectNode service = owner(tx, task).orElse(null);
        if (service == null) {
            return;
        }
        JsonNode deployment =
                EcsRegistry.deployment(service, task.path("startedBy").asText()).orElse(null);
        String address = attribute(task, ADDRESS);
        if (deployment == null || address == null) {
            return;
        }
        ObjectNode taskDefinition = registry.taskDefinition(
                        tx, task.get("taskDefinitionArn").asText())
                .orElseThrow();
        boolean checked = hasHealthChecks(taskDefinition);
        String health = !checked || "HEALTHY".equals(task.path("healthStatus").asText()) ? "HEALTHY" : "UNHEALTHY";
        JsonNode resources = deployment.path("serviceConnectResources");
        int index = 0;
        for (JsonNode entry : deployment.path("serviceConnectConfiguration").path("services")) {
            String discoveryArn = resources.path(index++).path("discoveryArn").asText();
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("AWS_INSTANCE_IPV4", address);
            attributes.put("AWS_INSTANCE_PORT", Integer.toString(inboundPort(task, taskDefinition, entry)));
            attributes.put("AVAILABILITY_ZONE", task.path("availabilityZone").asText());
            attributes.put("REGION", names.region());
            attributes.put("ECS_SERVICE_NAME", service.get("serviceName").asText());
            attributes.put(
                    "ECS_CLUSTER_NAME",
                    EcsRegistry.clusterName(task.get("clusterArn").asText()));
            attributes.put(
                    "ECS_TASK_DEFINITION_FAMILY", taskDefinition.get("family").asText());
            attributes.put(CloudMap.INIT_HEALTH_STATUS, health);
            CloudMap cloudMap = registry.cloudMap();
            Optional<ObjectNode> discovery = cloudMap.service(tx, discoveryArn);
            if (discovery.isPresent()) {
                cloudMap.registerInstance(
                        tx, discoveryArn, EcsRegistry.taskId(task.get("taskArn").asText()), attributes, null);
            }
        }
    }

    /**
     * The port that a task's inbound proxy listens on for a Service Connect service: what the
     * host agent reported for the port name, else {@code ingressPortOverride}, else the
     * port mapping's {@code containerPort}.
     */
    public static int inboundPort(ObjectNode task, ObjectNode taskDefinition, JsonNode entry) {
        String portName = entry.path("portName").asText();
        String reported = attribute(task, INGRESS_PORT + portName);
        if (reported != null) {
            return Integer.parseInt(reported);
        }
        if (entry.has("ingressPortOverride")) {
            return entry.get("ingressPortOverride").asInt();
        }
        return EcsRegistry.portMapping(taskDefinition, portName)
                .map(m -> m.path("containerPort").asInt())
                .orElse(0);
    }

    private void deregisterInstances(Transaction tx, ObjectNode task) {
        ObjectNode service = owner(tx, task).orElse(null);
        if (service == null) {
            return;
        }
        String instanceId = EcsRegistry.taskId(task.get("taskArn").asText());
        JsonNode deployment =
                EcsRegistry.deployment(service, task.path("startedBy").asText()).orElse(null);
        if (deployment == null) {
            return;
        }
        for (JsonNode resource : deployment.path("serviceConnectResources")) {
            String serviceId = resource.path("discoveryArn").asText();
            registry.cloudMap()
                    .deregisterIfPresent(tx, serviceId.substring(serviceId.lastIndexOf('/') + 1), instanceId);
        }
    }

    private Optional<ObjectNode> owner(Transaction tx, ObjectNode task) {
        String group = task.path("group").asText("");
        if (!group.startsWith("service:")) {
            return Optional.empty();
        }
        return registry.service(
                tx, EcsRegistry.clusterName(task.get("clusterArn").asText()), group.substring("service:".length()));
    }

    private void releaseDiscoveryServices(Transaction tx, ObjectNode service) {
        Set<String> inUse = new HashSet<>();
        for (ObjectNode other : EcsRegistry.liveServices(tx)) {
            for (JsonNode deployment : other.path("deployments")) {
                for (JsonNode resource : deployment.path("serviceConnectResources")) {
                    inUse.add(resource.path("discoveryArn").asText());
                }
            }
        }
        for (JsonNode deployment : service.path("deployments")) {
            for (JsonNode resource : deployment.path("serviceConnectResources")) {
                String arn = resource.path("discoveryArn").asText();
                CloudMap cloudMap = registry.cloudMap();
                if (!inUse.contains(arn)
                        && cloudMap.service(tx, arn).isPresent()
                        && cloudMap.instances(tx, arn.substring(arn.lastIndexOf('/') + 1))
                                .isEmpty()) {
                    cloudMap.deleteService(tx, arn);
                }
            }
        }
    }

    private void markStopped(ObjectNode task) {
        task.put("lastStatus", "STOPPED");
        task.put("desiredStatus", "STOPPED");
        if (!task.has("stoppingAt")) {
            task.put("stoppingAt", names.now());
        }
        task.put("executionStoppedAt", names.now());
        task.put("stoppedAt", names.now());
        for (JsonNode container : task.path("containers")) {
            ((ObjectNode) container).put("lastStatus", "STOPPED");
        }
    }

    private static void updateCounts(ObjectNode deployment, List<ObjectNode> tasks, int desired) {
        deployment.put("desiredCount", desired);
        deployment.put("runningCount", (int)
                tasks.stream().filter(Scheduler::isRunning).count());
        deployment.put("pendingCount", (int) tasks.stream()
                .filter(t -> PENDING_STATES.contains(t.path("lastStatus").asText()))
                .count());
    }

    private static int liveTasks(Transaction tx, String serviceArn) {
        return (int) tx.listByRef(Table.TASKS, serviceArn).stream()
                .filter(t -> !isStopped(t))
                .count();
    }

    /** Lower stops first: unplaced, then pending, then running tasks. */
    private static int stopPreference(ObjectNode task) {
        if (!task.has("containerInstanceArn")) {
            return 0;
        }
        return isRunning(task) ? 2 : 1;
    }

    private static boolean hasHealthChecks(ObjectNode taskDefinition) {
        for (JsonNode container : taskDefinition.path("containerDefinitions")) {
            if (container.has("healthCheck")) {
                return true;
            }
        }
        return false;
    }

    private static String containerStatus(String taskStatus) {
        return switch (taskStatus) {
            case "RUNNING", "DEACTIVATING", "STOPPING" -> "RUNNING";
            case "DEPROVISIONING", "STOPPED" -> "STOPPED";
            default -> "PENDING";
        };
    }

    private static void saveTask(Transaction tx, ObjectNode task) {
        String cluster = EcsRegistry.clusterName(task.get("clusterArn").asText());
        String group = task.path("group").asText("");
        String serviceArn = null;
        if (group.startsWith("service:")) {
            serviceArn = task.get("taskArn")
                    .asText()
                    .replaceFirst(":task/.*$", ":service/" + cluster + "/" + group.substring("service:".length()));
        }
        tx.put(Table.TASKS, EcsRegistry.taskId(task.get("taskArn").asText()), cluster, serviceArn, task);
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field) && !from.get(field).isNull()) {
            to.set(field, from.get(field));
        }
    }
}
