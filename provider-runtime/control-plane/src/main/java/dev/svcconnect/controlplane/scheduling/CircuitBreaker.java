package dev.svcconnect.controlplane.scheduling;

import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.DeploymentStatus;
import dev.svcconnect.controlplane.document.RolloutState;
import dev.svcconnect.controlplane.document.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment circuit breaker: fails a deployment whose tasks keep stopping before they run
 * and, with {@code rollback}, makes the last COMPLETED deployment PRIMARY again. Its threshold is
 * ECS's: half the desired count, at least 3 and at most 200 failed tasks.
 */
public final class CircuitBreaker {

    static final int MIN_THRESHOLD = 3;
    static final int MAX_THRESHOLD = 200;

    private CircuitBreaker() {}

    /** The failed tasks after which a deployment of {@code desired} tasks fails. */
    public static int threshold(int desired) {
        return Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, (desired + 1) / 2));
    }

    /**
     * Whether the breaker stops {@code primary}: it is enabled, the deployment is in progress, and
     * as many of its tasks failed as the threshold. Marks the deployment FAILED.
     */
    public static boolean trips(Service service, Deployment primary, int desired) {
        if (!wouldTrip(service, primary, desired)) {
            return false;
        }
        primary.rollout(RolloutState.FAILED, "ECS deployment circuit breaker: tasks failed to start.");
        return true;
    }

    /** Whether {@link #trips} would stop {@code primary}, without marking it. */
    static boolean wouldTrip(Service service, Deployment primary, int desired) {
        return service.circuitBreakerEnabled()
                && primary.rolloutState() == RolloutState.IN_PROGRESS
                && primary.failedTasks() >= threshold(desired);
    }

    /**
     * The deployment to roll back to after {@code failed} tripped the breaker: with
     * {@code rollback}, the newest other deployment whose rollout COMPLETED; none without.
     *
     * @param deployments the service's deployments, {@code failed} first
     */
    public static Optional<Deployment> rollbackTarget(Service service, List<Deployment> deployments) {
        if (!service.rollbackEnabled()) {
            return Optional.empty();
        }
        return deployments.stream()
                .skip(1)
                .filter(d -> d.rolloutState() == RolloutState.COMPLETED)
                .findFirst();
    }

    /**
     * Makes {@code previous} PRIMARY again, in progress, its failures forgotten; {@code failed}
     * becomes ACTIVE behind it. The service runs {@code previous}'s task definition again.
     *
     * @return the deployments in their new order
     */
    public static List<Deployment> rollBack(
            Service service, Deployment failed, Deployment previous, List<Deployment> deployments, double now) {
        previous.status(DeploymentStatus.PRIMARY)
                .rollout(
                        RolloutState.IN_PROGRESS,
                        "ECS deployment circuit breaker: rolling back to deploymentId " + previous.id() + ".")
                .updatedAt(now)
                .failedTasks(0);
        failed.status(DeploymentStatus.ACTIVE);
        service.taskDefinition(previous.taskDefinition());
        List<Deployment> reordered = new ArrayList<>();
        reordered.add(previous);
        reordered.add(failed);
        deployments.stream()
                .filter(d -> !d.id().equals(previous.id()) && !d.id().equals(failed.id()))
                .forEach(reordered::add);
        return reordered;
    }
}
