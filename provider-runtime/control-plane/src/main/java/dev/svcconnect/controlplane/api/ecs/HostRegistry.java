package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts that host agents register, as ECS container instances of a cluster. A host's
 * heartbeats are kept in memory only: {@code agentConnected} is true while its last heartbeat is
 * younger than three heartbeat intervals.
 */
public final class HostRegistry {

    /** How often an agent is expected to send a heartbeat. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /** How long a host may go without a heartbeat before it is lost and its tasks are replaced. */
    public static final Duration LOSS_TIMEOUT = Duration.ofSeconds(30);

    private final EcsRegistry registry;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, Long> lastHeartbeat = new ConcurrentHashMap<>();

    public HostRegistry(EcsRegistry registry, Scheduler scheduler) {
        this.registry = requireNonNull(registry, "registry");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.clock = registry.names().clock();
    }

    /**
     * Registers a host in a cluster (again, when {@code hostId} names one already registered),
     * then places the cluster's waiting tasks.
     */
    public ObjectNode register(
            Transaction tx, String cluster, String hostId, String launchType, int cpu, int memory, String address) {
        ObjectNode clusterNode = registry.requireCluster(tx, cluster);
        String clusterName = clusterNode.get("clusterName").asText();
        String id = hostId == null ? ResourceNames.hexId(32) : hostId;
        ObjectNode existing = tx.get(Table.CONTAINER_INSTANCES, id).orElse(null);
        if (existing != null
                && !clusterName.equals(
                        EcsRegistry.clusterName(existing.get("clusterArn").asText()))) {
            throw new ApiException(
                    "InvalidParameterException",
                    "hostId: '" + id + "' is registered in cluster '"
                            + EcsRegistry.clusterName(existing.get("clusterArn").asText()) + "', not '" + clusterName
                            + "'.");
        }
        ObjectNode host = Json.mapper().createObjectNode();
        host.put("containerInstanceArn", registry.names().arn("ecs", "container-instance/" + clusterName + "/" + id));
        host.put("clusterArn", clusterNode.get("clusterArn").asText());
        host.put("ec2InstanceId", "i-" + id.substring(0, 17));
        host.put("status", "ACTIVE");
        host.put("agentConnected", true);
        host.put(
                "registeredAt",
                existing == null
                        ? registry.names().now()
                        : existing.get("registeredAt").asDouble());
        host.put("version", existing == null ? 1 : existing.path("version").asInt() + 1);
        host.putObject("versionInfo").put("agentVersion", "svc-connect");
        resources(host.putArray("registeredResources"), cpu, memory);
        ArrayNode attributes = host.putArray("attributes");
        attributes.addObject().put("name", Scheduler.HOST_LAUNCH_TYPE).put("value", launchType);
        if (address != null) {
            attributes.addObject().put("name", Scheduler.HOST_ADDRESS).put("value", address);
        }
        if (launchType.equals("FARGATE")) {
            attributes.addObject().put("name", "ecs.capability.fargate");
        }
        tx.put(Table.CONTAINER_INSTANCES, id, clusterName, null, host);
        heartbeat(id);
        for (ObjectNode service : tx.list(Table.SERVICES, clusterName)) {
            if (!"INACTIVE".equals(service.path("status").asText())) {
                scheduler.reconcile(tx, service);
            }
        }
        scheduler.placeTasks(tx, clusterName);
        return view(tx, host);
    }

    /**
     * Deregisters a host: it becomes INACTIVE and takes no more tasks. Refused while it has tasks
     * that have not stopped, unless {@code force}: then they stop and their services replace them.
     */
    public ObjectNode deregister(Transaction tx, String cluster, String hostIdOrArn, boolean force) {
        String clusterName =
                registry.requireCluster(tx, cluster).get("clusterName").asText();
        String id = hostIdOrArn.substring(hostIdOrArn.lastIndexOf('/') + 1);
        ObjectNode host = tx.get(Table.CONTAINER_INSTANCES, id)
                .filter(h -> clusterName.equals(
                        EcsRegistry.clusterName(h.get("clusterArn").asText())))
                .orElseThrow(() -> new ApiException(
                        "InvalidParameterException",
                        "containerInstance: '" + hostIdOrArn + "' is not a container instance of cluster '"
                                + clusterName + "'."));
        String arn = host.get("containerInstanceArn").asText();
        var tasks = tx.list(Table.TASKS, clusterName).stream()
                .filter(t -> arn.equals(t.path("containerInstanceArn").asText()) && !Scheduler.isStopped(t))
                .toList();
        if (!tasks.isEmpty() && !force) {
            throw new ApiException(
                    "InvalidParameterException",
                    "Found " + tasks.size()
                            + " tasks on the instance that have not stopped; use force to deregister it.");
        }
        host.put("status", "INACTIVE");
        host.put("agentConnected", false);
        tx.put(Table.CONTAINER_INSTANCES, id, clusterName, null, host);
        lastHeartbeat.remove(id);
        for (ObjectNode task : tasks) {
            scheduler.abandon(tx, task, "Host " + arn + " was deregistered");
        }
        return view(tx, host);
    }

    /** Records a heartbeat of a registered host. */
    public void heartbeat(String hostId) {
        lastHeartbeat.put(hostId, clock.millis());
    }

    /**
     * The ACTIVE hosts that sent no heartbeat for {@link #LOSS_TIMEOUT}. A host this process has
     * not heard from yet counts from the first time it is asked about, so a restarted control
     * plane gives its hosts a full timeout to come back.
     */
    public List<String> lostHosts(Transaction tx) {
        long now = clock.millis();
        List<String> lost = new ArrayList<>();
        for (ObjectNode host : tx.listAll(Table.CONTAINER_INSTANCES)) {
            if (!"ACTIVE".equals(host.path("status").asText())) {
                continue;
            }
            String arn = host.get("containerInstanceArn").asText();
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            long seen = lastHeartbeat.computeIfAbsent(id, k -> now);
            if (now - seen >= LOSS_TIMEOUT.toMillis()) {
                lost.add(id);
            }
        }
        return lost;
    }

    /**
     * Marks a host lost: it becomes INACTIVE (its agent registers again when it comes back), and its
     * tasks are deregistered, STOPPED with a reason saying so, and replaced elsewhere.
     */
    public void markLost(Transaction tx, String hostId) {
        ObjectNode host = tx.get(Table.CONTAINER_INSTANCES, hostId).orElse(null);
        if (host == null || !"ACTIVE".equals(host.path("status").asText())) {
            return;
        }
        String arn = host.get("containerInstanceArn").asText();
        String clusterName = EcsRegistry.clusterName(host.get("clusterArn").asText());
        host.put("status", "INACTIVE");
        host.put("agentConnected", false);
        tx.put(Table.CONTAINER_INSTANCES, hostId, clusterName, null, host);
        lastHeartbeat.remove(hostId);
        for (ObjectNode task : tx.list(Table.TASKS, clusterName)) {
            if (arn.equals(task.path("containerInstanceArn").asText()) && !Scheduler.isStopped(task)) {
                scheduler.abandon(
                        tx, task, "Host " + arn + " was lost: no heartbeat for " + LOSS_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    /** A host as DescribeContainerInstances answers it, with its task counts and connection. */
    ObjectNode view(Transaction tx, ObjectNode host) {
        String arn = host.get("containerInstanceArn").asText();
        String cluster = EcsRegistry.clusterName(host.get("clusterArn").asText());
        int running = 0;
        int pending = 0;
        int cpu = 0;
        int memory = 0;
        for (ObjectNode task : tx.list(Table.TASKS, cluster)) {
            if (arn.equals(task.path("containerInstanceArn").asText()) && !Scheduler.isStopped(task)) {
                cpu += Scheduler.units(task, "cpu");
                memory += Scheduler.units(task, "memory");
                if (Scheduler.isRunning(task)) {
                    running++;
                } else {
                    pending++;
                }
            }
        }
        host.put("runningTasksCount", running);
        host.put("pendingTasksCount", pending);
        Long seen = lastHeartbeat.get(arn.substring(arn.lastIndexOf('/') + 1));
        host.put("agentConnected", seen != null && clock.millis() - seen < 3 * HEARTBEAT_INTERVAL.toMillis());
        resources(
                host.putArray("remainingResources"),
                Scheduler.registered(host, "CPU") - cpu,
                Scheduler.registered(host, "MEMORY") - memory);
        return host;
    }

    private static void resources(ArrayNode out, int cpu, int memory) {
        out.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", cpu);
        out.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", memory);
    }
}
