package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.HostLoad;
import dev.svcconnect.controlplane.document.Resources;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.scheduling.Scheduling;
import dev.svcconnect.controlplane.scheduling.ServiceReconciler;
import dev.svcconnect.controlplane.store.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts that host agents register, as ECS container instances of a cluster. A host's
 * heartbeats are kept in memory only: {@code agentConnected} is true while its last heartbeat is
 * younger than three heartbeat intervals.
 */
public final class HostRegistry {

    /** How often an agent is expected to send a heartbeat. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /** How long a host may go without a heartbeat before it is lost and its tasks are replaced, by default. */
    public static final Duration DEFAULT_LOSS_TIMEOUT = Duration.ofSeconds(30);

    private final EcsRegistry registry;
    private final Scheduling scheduling;
    private final ServiceReconciler reconciler;
    private final Clock clock;
    private final Duration lossTimeout;
    private final Map<String, Long> lastHeartbeat = new ConcurrentHashMap<>();

    public HostRegistry(EcsRegistry registry, Scheduler scheduler) {
        this(registry, scheduler, DEFAULT_LOSS_TIMEOUT);
    }

    /** A registry that loses a host after {@code lossTimeout} without a heartbeat. */
    public HostRegistry(EcsRegistry registry, Scheduler scheduler, Duration lossTimeout) {
        this.lossTimeout = requireNonNull(lossTimeout, "lossTimeout");
        this.registry = requireNonNull(registry, "registry");
        this.scheduling = requireNonNull(scheduler, "scheduler").scheduling();
        this.reconciler = scheduling.reconciler();
        this.clock = registry.names().clock();
    }

    /**
     * Registers a host in a cluster (again, when {@code hostId} names one already registered),
     * then places the cluster's waiting tasks. The cluster is named by ARN, or by name in the
     * configured region; the host is in the cluster's region.
     */
    public ObjectNode register(
            Transaction tx, String cluster, String hostId, String launchType, int cpu, int memory, String address) {
        Cluster found = Cluster.of(registry.requireDataPlaneCluster(tx, cluster));
        String id = hostId == null ? ResourceNames.hexId(32) : hostId;
        Optional<Host> existing = Host.find(tx, id);
        if (existing.isPresent() && !found.arn().equals(existing.get().clusterArn())) {
            throw new ApiException(
                    "InvalidParameterException",
                    "hostId: '" + id + "' is registered in cluster '"
                            + existing.get().clusterArn() + "', not '" + found.arn() + "'.");
        }
        Host host = Host.register(
                registry.names(Document.regionOf(found.arn()))
                        .arn("ecs", "container-instance/" + found.name() + "/" + id),
                found.arn(),
                launchType,
                new Resources(cpu, memory),
                address,
                registry.names().now(),
                existing);
        host.save(tx);
        heartbeat(id);
        for (Service service : Service.inCluster(tx, found.arn())) {
            if (service.isLive()) {
                reconciler.reconcile(tx, service);
            }
        }
        scheduling.placer().placeTasks(tx, found.arn());
        return view(tx, host.json());
    }

    /**
     * Deregisters a host: it becomes INACTIVE and takes no more tasks. Refused while it has tasks
     * that have not stopped, unless {@code force}: then they stop and their services replace them.
     */
    public ObjectNode deregister(Transaction tx, String cluster, String hostIdOrArn, boolean force) {
        Cluster found = Cluster.of(registry.requireDataPlaneCluster(tx, cluster));
        String clusterName = found.name();
        Host host = Host.find(tx, hostIdOrArn)
                .filter(h -> found.arn().equals(h.clusterArn()))
                .orElseThrow(() -> new ApiException(
                        "InvalidParameterException",
                        "containerInstance: '" + hostIdOrArn + "' is not a container instance of cluster '"
                                + clusterName + "'."));
        List<Task> tasks = tasksOn(tx, host);
        if (!tasks.isEmpty() && !force) {
            throw new ApiException(
                    "InvalidParameterException",
                    "Found " + tasks.size()
                            + " tasks on the instance that have not stopped; use force to deregister it.");
        }
        host.deactivate().save(tx);
        lastHeartbeat.remove(host.id());
        for (Task task : tasks) {
            reconciler.abandon(tx, task, "Host " + host.arn() + " was deregistered");
        }
        return view(tx, host.json());
    }

    /** The configured region: that of a cluster or namespace the data plane names without an ARN. */
    public String defaultRegion() {
        return registry.names().region();
    }

    /** Records a heartbeat of a registered host; returns its time, in epoch milliseconds. */
    public long heartbeat(String hostId) {
        long now = clock.millis();
        lastHeartbeat.put(hostId, now);
        return now;
    }

    /** How long a host may send no heartbeat before it is lost. */
    public Duration lossTimeout() {
        return lossTimeout;
    }

    /** Learns the heartbeats other replicas heard (host id to epoch milliseconds); later ones win. */
    public void heardFrom(Map<String, Long> heartbeats) {
        heartbeats.forEach((hostId, at) -> lastHeartbeat.merge(hostId, at, Math::max));
    }

    /**
     * Counts every host's loss timeout from now, as for a host not heard from yet: for a
     * replica that starts leading, which cannot tell a silent host from one whose heartbeats no
     * replica could record ({@link HostLossSweep}).
     */
    public void countFromNow() {
        long now = clock.millis();
        lastHeartbeat.replaceAll((hostId, at) -> Math.max(at, now));
    }

    /**
     * The ACTIVE hosts that sent no heartbeat for the loss timeout. A host this process has
     * not heard from yet counts from the first time it is asked about, so a restarted control
     * plane gives its hosts a full timeout to come back.
     */
    public List<String> lostHosts(Transaction tx) {
        long now = clock.millis();
        List<String> lost = new ArrayList<>();
        for (Host host : Host.all(tx)) {
            if (!host.isActive()) {
                continue;
            }
            long seen = lastHeartbeat.computeIfAbsent(host.id(), k -> now);
            if (now - seen >= lossTimeout.toMillis()) {
                lost.add(host.id());
            }
        }
        return lost;
    }

    /**
     * Marks a host lost: it becomes INACTIVE (its agent registers again when it comes back), and its
     * tasks are deregistered, STOPPED with a reason saying so, and replaced elsewhere.
     */
    public void markLost(Transaction tx, String hostId) {
        Host host = Host.find(tx, hostId).filter(Host::isActive).orElse(null);
        if (host == null) {
            return;
        }
        host.deactivate().save(tx);
        lastHeartbeat.remove(hostId);
        for (Task task : tasksOn(tx, host)) {
            reconciler.abandon(
                    tx, task, "Host " + host.arn() + " was lost: no heartbeat for " + lossTimeout.toSeconds() + " s");
        }
    }

    /** A host as DescribeContainerInstances answers it, with its task counts and connection. */
    ObjectNode view(Transaction tx, ObjectNode stored) {
        Host host = Host.of(stored);
        HostLoad load = HostLoad.byHost(Task.inCluster(tx, host.clusterArn())).getOrDefault(host.arn(), HostLoad.EMPTY);
        Long seen = lastHeartbeat.get(host.id());
        boolean connected = seen != null && clock.millis() - seen < 3 * HEARTBEAT_INTERVAL.toMillis();
        ObjectNode view = host.describe(
                        load.running(),
                        load.pending(),
                        connected,
                        host.registered().minus(load.used()))
                .json()
                .deepCopy();
        // The store keeps the cluster in the document; ECS's ContainerInstance has no such field.
        view.remove("clusterArn");
        return view;
    }

    /** The tasks placed on a host that have not stopped. */
    private static List<Task> tasksOn(Transaction tx, Host host) {
        return Task.inCluster(tx, host.clusterArn()).stream()
                .filter(t -> t.occupies(host.arn()))
                .toList();
    }
}
