package dev.svcconnect.provider.ecs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Decides from a described service whether one of its deployments reached a steady state (all
 * desired tasks running and healthy), is still on its way, or failed, and why.
 *
 * <p>A deployment has failed when ECS says so ({@code rolloutState: FAILED}, with its reason) or
 * when as many of its tasks failed to start or stopped as ECS's deployment circuit breaker
 * tolerates (half the desired count, at least 3 and at most 200), so that a failing deployment
 * ends even without a circuit breaker. Failed tasks are the deployment's {@code failedTasks}, or
 * its stopped tasks if there are more of those (a control plane may not count failures). The
 * reason carries the latest stopped task's reason, or the service's latest event.
 */
public final class ServiceSteadyState {

    /** Where a deployment stands. */
    public enum Status {
        COMPLETE,
        IN_PROGRESS,
        FAILED
    }

    /**
     * Where the deployment stands, with the reason of a failure.
     *
     * @param status where it stands
     * @param reason why it failed, or {@code null}
     */
    public record Outcome(Status status, String reason) {}

    private ServiceSteadyState() {}

    /** Where {@code deploymentId} of {@code service} stands ({@code null}: its primary deployment). */
    public static Outcome evaluate(Service service, String deploymentId) {
        return evaluate(service, deploymentId, List.of());
    }

    /**
     * Where {@code deploymentId} of {@code service} stands, counting {@code stoppedTasks} (the
     * deployment's tasks that stopped) as failures.
     */
    public static Outcome evaluate(Service service, String deploymentId, List<Task> stoppedTasks) {
        Optional<Deployment> found = service.deployments().stream()
                .filter(d -> deploymentId == null ? "PRIMARY".equals(d.status()) : deploymentId.equals(d.id()))
                .findFirst();
        if (found.isEmpty()) {
            return failed(
                    service,
                    "deployment " + deploymentId + " is no longer active (it was replaced by a"
                            + " newer deployment or rolled back)");
        }
        Deployment deployment = found.get();
        if (deployment.rolloutState() == DeploymentRolloutState.FAILED) {
            return failed(
                    service,
                    "deployment " + deployment.id() + " failed: "
                            + Objects.requireNonNullElse(deployment.rolloutStateReason(), "no reason given"));
        }
        int desired = intOf(deployment.desiredCount());
        int failedTasks = Math.max(intOf(deployment.failedTasks()), stoppedTasks.size());
        if (failedTasks > 0 && failedTasks >= failureThreshold(desired)) {
            Optional<String> lastStop = stoppedTasks.stream()
                    .max(Comparator.comparing(t -> t.stoppedAt() == null ? Instant.EPOCH : t.stoppedAt()))
                    .map(ServiceSteadyState::describeStop);
            String what = "deployment " + deployment.id() + ": " + failedTasks + " of its tasks failed to start or"
                    + " become healthy";
            return lastStop.isPresent()
                    ? new Outcome(
                            Status.FAILED, "service '" + service.serviceName() + "': " + what + "; " + lastStop.get())
                    : failed(service, what);
        }
        boolean allRunning = intOf(deployment.runningCount()) == desired && intOf(deployment.pendingCount()) == 0;
        if (deployment.rolloutState() == DeploymentRolloutState.COMPLETED) {
            // A desiredCount change keeps the completed deployment: it is steady once the count runs.
            return new Outcome(allRunning ? Status.COMPLETE : Status.IN_PROGRESS, null);
        }
        boolean settled = deployment.rolloutState() == null
                && "PRIMARY".equals(deployment.status())
                && service.deployments().size() == 1
                && allRunning;
        return new Outcome(settled ? Status.COMPLETE : Status.IN_PROGRESS, null);
    }

    /** {@code task 1a2b stopped: REASON (container app exited with code 1)}. */
    static String describeStop(Task task) {
        String id = task.taskArn() == null
                ? "?"
                : task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        String exits = task.containers().stream()
                .filter(c -> c.exitCode() != null)
                .map(c -> "container " + c.name() + " exited with code " + c.exitCode())
                .collect(Collectors.joining(", "));
        return "task " + id + " stopped: " + Objects.requireNonNullElse(task.stoppedReason(), "no reason given")
                + (exits.isEmpty() ? "" : " (" + exits + ")");
    }

    /** How many failed tasks end a deployment of {@code desiredCount} tasks. */
    public static int failureThreshold(int desiredCount) {
        return Math.min(200, Math.max(3, (desiredCount + 1) / 2));
    }

    private static Outcome failed(Service service, String what) {
        String event = service.events().stream()
                .max(Comparator.comparing(e -> e.createdAt() == null ? Instant.EPOCH : e.createdAt()))
                .map(ServiceEvent::message)
                .map(message -> "; latest event: " + message)
                .orElse("");
        return new Outcome(Status.FAILED, "service '" + service.serviceName() + "': " + what + event);
    }

    private static int intOf(Integer value) {
        return value == null ? 0 : value;
    }
}
