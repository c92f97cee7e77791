package dev.svcconnect.provider.ecs;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * Decides from a described service whether one of its deployments reached a steady state (all
 * desired tasks running and healthy), is still on its way, or failed, and why.
 *
 * <p>A deployment has failed when ECS says so ({@code rolloutState: FAILED}, with its reason) or
 * when as many of its tasks failed to start as ECS's deployment circuit breaker tolerates
 * (half the desired count, at least 3 and at most 200), so that a failing deployment ends even
 * without a circuit breaker. The reason carries the service's latest event.
 */
public final class ServiceSteadyState {

    /** Where a deployment stands. */
    public enum Status {
        COMPLETE, IN_PROGRESS, FAILED
    }

    /**
     * Where the deployment stands, with the reason of a failure.
     *
     * @param status where it stands
     * @param reason why it failed, or {@code null}
     */
    public record Outcome(Status status, String reason) {
    }

    private ServiceSteadyState() {
    }

    /** Where {@code deploymentId} of {@code service} stands ({@code null}: its primary deployment). */
    public static Outcome evaluate(Service service, String deploymentId) {
        Optional<Deployment> found = service.deployments().stream()
                .filter(d -> deploymentId == null ? "PRIMARY".equals(d.status()) : deploymentId.equals(d.id()))
                .findFirst();
        if (found.isEmpty()) {
            return failed(service, "deployment " + deploymentId + " is no longer active (it was replaced by a"
                    + " newer deployment or rolled back)");
        }
        Deployment deployment = found.get();
        if (deployment.rolloutState() == DeploymentRolloutState.FAILED) {
            return failed(service, "deployment " + deployment.id() + " failed: "
                    + Objects.requireNonNullElse(deployment.rolloutStateReason(), "no reason given"));
        }
        int desired = intOf(deployment.desiredCount());
        int failedTasks = intOf(deployment.failedTasks());
        if (failedTasks > 0 && failedTasks >= failureThreshold(desired)) {
            return failed(service, "deployment " + deployment.id() + ": " + failedTasks + " of its tasks failed to"
                    + " start or become healthy");
        }
        if (deployment.rolloutState() == DeploymentRolloutState.COMPLETED) {
            return new Outcome(Status.COMPLETE, null);
        }
        boolean settled = deployment.rolloutState() == null && "PRIMARY".equals(deployment.status())
                && service.deployments().size() == 1 && intOf(deployment.runningCount()) == desired
                && intOf(deployment.pendingCount()) == 0;
        return new Outcome(settled ? Status.COMPLETE : Status.IN_PROGRESS, null);
    }

    /** How many failed tasks end a deployment of {@code desiredCount} tasks. */
    public static int failureThreshold(int desiredCount) {
        return Math.min(200, Math.max(3, (desiredCount + 1) / 2));
    }

    private static Outcome failed(Service service, String what) {
        String event = service.events().stream()
                .max(Comparator.comparing(e -> e.createdAt() == null ? java.time.Instant.EPOCH : e.createdAt()))
                .map(ServiceEvent::message)
                .map(message -> "; latest event: " + message)
                .orElse("");
        return new Outcome(Status.FAILED, "service '" + service.serviceName() + "': " + what + event);
    }

    private static int intOf(Integer value) {
        return value == null ? 0 : value;
    }
}
