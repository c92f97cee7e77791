package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.RolloutState;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceStatus;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps one service's tasks in line with its deployments.
 *
 * <p>A service holds {@code desiredCount} tasks of its PRIMARY deployment. A new deployment
 * replaces the tasks of older ones as its own reach RUNNING ({@link RolloutPlan}): an old task that
 * is not RUNNING stops at once, a RUNNING one once a new task runs in its place. A deployment
 * whose tasks keep failing trips the {@link CircuitBreaker}. A DRAINING service becomes INACTIVE
 * once its tasks stopped; its Cloud Map services go when nothing uses them. (STOPPED tasks are
 * forgotten an hour after they stopped by the server's sweep, {@link Task#forgetStopped}.)
 */
public final class ServiceReconciler {

    private static final String SCHEDULER = "ServiceSchedulerInitiated";

    private final ResourceNames names;
    private final TaskLauncher launcher;
    private final TaskStopper stopper;
    private final ClusterPlacer placer;
    private final ServiceDiscovery discovery;

    public ServiceReconciler(
            ResourceNames names,
            TaskLauncher launcher,
            TaskStopper stopper,
            ClusterPlacer placer,
            ServiceDiscovery discovery) {
        this.names = requireNonNull(names, "names");
        this.launcher = requireNonNull(launcher, "launcher");
        this.stopper = requireNonNull(stopper, "stopper");
        this.placer = requireNonNull(placer, "placer");
        this.discovery = requireNonNull(discovery, "discovery");
    }

    /** Brings one service's tasks in line with its deployments, saves it, then places tasks. */
    public void reconcile(Transaction tx, Service service) {
        if (service.isDaemon() && service.isActive()) {
            service.desiredCount(DaemonTasks.hosts(tx, service).size());
        }
        int desired = service.isActive() ? service.desiredCount() : 0;
        List<Deployment> deployments = service.deployments();
        Deployment primary = deployments.get(0);
        Map<String, List<Task>> live = liveTasksByDeployment(tx, service);
        List<Task> primaryTasks = new ArrayList<>(live.getOrDefault(primary.id(), List.of()));
        primaryTasks.sort(Comparator.comparingInt(ServiceReconciler::stopPreference));
        while (primaryTasks.size() > desired) {
            stopper.stop(
                    tx,
                    primaryTasks.remove(0),
                    "Scaling activity initiated by (deployment " + primary.id() + ")",
                    SCHEDULER);
        }
        int primaryRunning = running(primaryTasks);
        int oldRunning = 0;
        for (Deployment old : deployments.subList(1, deployments.size())) {
            oldRunning += running(live.getOrDefault(old.id(), List.of()));
        }
        RolloutPlan plan = RolloutPlan.of(
                desired,
                service.maximumPercent(),
                service.minimumHealthyPercent(),
                primaryTasks.size(),
                primaryRunning,
                oldRunning);
        for (int i = 0; i < plan.start(); i++) {
            primaryTasks.add(launcher.launch(tx, service, primary));
        }
        List<Deployment> kept = retireOld(tx, deployments, live, plan.keepOldRunning());
        if (service.isDaemon()) {
            DaemonTasks.pin(tx, service);
        }
        countTasks(primary, primaryTasks, desired);
        if (CircuitBreaker.trips(service, primary, desired)) {
            service.deployments(afterBreakerTrip(service, primary, kept)).save(tx);
            reconcile(tx, service);
            return;
        }
        if (kept.size() == 1 && primaryRunning == desired) {
            complete(primary);
        }
        finish(tx, service, kept);
        placer.placeTasks(tx, service.clusterArn());
    }

    /** Reconciles the service that owns a task, unless it has none or it is INACTIVE. */
    public void reconcileOwner(Transaction tx, Task task) {
        task.owner(tx).filter(Service::isLive).ifPresent(service -> reconcile(tx, service));
    }

    /**
     * Reconciles the service that owns a task its host just reported RUNNING, having been
     * {@code before}. When the task was already counted (pending or running) as a task of the one
     * deployment of an ACTIVE replica service, the report changes nothing a reconciliation acts on
     * but that deployment's counts and whether its rollout completed: which tasks run, start or
     * stop depends on how many tasks should run, not on how many do, while a service has no older
     * deployment to retire. Those are updated from the counts the last reconciliation stored,
     * without reading the service's other tasks (10,000 rows for a large service). Any other case
     * (a rollout replacing older tasks, a daemon, a task not counted, a breaker about to trip, counts
     * not as expected) is reconciled in full.
     *
     * <p>Trusting the stored counts holds because every write that changes which tasks a service
     * has (RunTask's placement, StopTask, UpdateService, DeleteService, a host registered, lost or
     * deregistered, a task abandoned or failed) reconciles the service in the same transaction; a
     * new such write must do so too.
     */
    public void reconcileRunning(Transaction tx, Task task, TaskStatus before) {
        Service service = task.owner(tx).filter(Service::isLive).orElse(null);
        if (service == null) {
            return;
        }
        if (!countRunning(service, task, before)) {
            reconcile(tx, service);
            return;
        }
        service.save(tx);
    }

    /**
     * Counts {@code task}, {@code before} until now, as RUNNING in its service's stored counts when
     * that is all a reconciliation would change (see {@link #reconcileRunning}); answers whether it did.
     */
    private static boolean countRunning(Service service, Task task, TaskStatus before) {
        List<Deployment> deployments = service.deployments();
        if (deployments.size() != 1) {
            return false;
        }
        Deployment primary = deployments.get(0);
        int desired = service.desiredCount();
        boolean wasPending = before != null && before.isPending();
        if (!service.isActive()
                || service.isDaemon()
                || !task.isRunning()
                || !task.wantsToRun()
                || !task.isPlaced()
                || !task.startedBy().equals(primary.id())
                || !(wasPending || before == TaskStatus.RUNNING)
                || CircuitBreaker.wouldTrip(service, primary, desired)
                || primary.desiredCount() != desired
                || service.runningCount() != primary.runningCount()
                || service.pendingCount() != primary.pendingCount()) {
            return false;
        }
        int running = primary.runningCount() + (wasPending ? 1 : 0);
        int pending = primary.pendingCount() - (wasPending ? 1 : 0);
        if (pending < 0 || running > desired || running + pending > desired) {
            return false;
        }
        primary.counts(desired, running, pending); // a view into the service's document
        if (running == desired) {
            complete(primary);
        }
        service.counts(running, pending);
        return true;
    }

    /** Stops a task whose host is gone, at once, and lets its service replace it. */
    public void abandon(Transaction tx, Task task, String reason) {
        task.unplace();
        stopper.stop(tx, task, reason, "TaskFailedToStart");
        reconcileOwner(tx, task);
    }

    /** The service's tasks that should run, by the deployment that started them. */
    private Map<String, List<Task>> liveTasksByDeployment(Transaction tx, Service service) {
        Map<String, List<Task>> live = new HashMap<>();
        for (Task task : Task.ofService(tx, service.arn())) {
            if (task.wantsToRun()) {
                live.computeIfAbsent(task.startedBy(), k -> new ArrayList<>()).add(task);
            }
        }
        return live;
    }

    /**
     * Stops the tasks of the older deployments but {@code keepRunning} RUNNING ones, and answers
     * the deployments that still have tasks, PRIMARY first.
     */
    private List<Deployment> retireOld(
            Transaction tx, List<Deployment> deployments, Map<String, List<Task>> live, int keepRunning) {
        Deployment primary = deployments.get(0);
        List<Deployment> kept = new ArrayList<>(List.of(primary));
        int allowed = keepRunning;
        for (Deployment deployment : deployments.subList(1, deployments.size())) {
            List<Task> oldTasks = new ArrayList<>(live.getOrDefault(deployment.id(), List.of()));
            oldTasks.sort(
                    Comparator.comparingInt(ServiceReconciler::stopPreference).reversed());
            List<Task> remaining = new ArrayList<>();
            for (Task task : oldTasks) {
                if (task.isRunning() && allowed > 0) {
                    allowed--;
                    remaining.add(task);
                } else {
                    stopper.stop(tx, task, "Task replaced by deployment " + primary.id(), SCHEDULER);
                    if (!task.isStopped()) {
                        remaining.add(task);
                    }
                }
            }
            if (!remaining.isEmpty()) {
                countTasks(deployment, remaining, remaining.size());
                kept.add(deployment);
            }
        }
        return kept;
    }

    /** The deployments after the breaker failed {@code failed}: rolled back when it may, with events. */
    private List<Deployment> afterBreakerTrip(Service service, Deployment failed, List<Deployment> kept) {
        event(service, "(deployment " + failed.id() + ") deployment failed: tasks failed to start.");
        Optional<Deployment> target = CircuitBreaker.rollbackTarget(service, kept);
        if (target.isEmpty()) {
            return kept;
        }
        List<Deployment> reordered = CircuitBreaker.rollBack(service, failed, target.get(), kept, names.now());
        event(service, "rolling back to deployment " + target.get().id() + ".");
        return reordered;
    }

    /** Sets the service's deployments and counts, makes a drained service INACTIVE, and saves it. */
    private void finish(Transaction tx, Service service, List<Deployment> kept) {
        service.deployments(kept);
        int running = 0;
        int pending = 0;
        for (Deployment deployment : kept) {
            running += deployment.runningCount();
            pending += deployment.pendingCount();
        }
        service.counts(running, pending);
        if (!service.isActive() && running + pending == 0 && !hasLiveTasks(tx, service)) {
            service.status(ServiceStatus.INACTIVE);
        }
        service.save(tx);
        if (service.status() == ServiceStatus.INACTIVE) {
            discovery.release(tx, service);
        }
    }

    /** Marks a deployment whose desired tasks all run, with no older one left, COMPLETED (once). */
    private static void complete(Deployment primary) {
        if (primary.rolloutState() != RolloutState.COMPLETED) {
            primary.rollout(RolloutState.COMPLETED, "ECS deployment " + primary.id() + " completed.");
        }
    }

    private void event(Service service, String message) {
        service.addEvent(UUID.randomUUID().toString(), names.now(), message);
    }

    private static boolean hasLiveTasks(Transaction tx, Service service) {
        return Task.ofService(tx, service.arn()).stream().anyMatch(t -> !t.isStopped());
    }

    private static void countTasks(Deployment deployment, List<Task> tasks, int desired) {
        int pending = (int) tasks.stream().filter(Task::isPending).count();
        deployment.counts(desired, running(tasks), pending);
    }

    private static int running(List<Task> tasks) {
        return (int) tasks.stream().filter(Task::isRunning).count();
    }

    /** Lower stops first: unplaced, then pending, then running tasks. */
    private static int stopPreference(Task task) {
        if (!task.isPlaced()) {
            return 0;
        }
        return task.isRunning() ? 2 : 1;
    }
}
