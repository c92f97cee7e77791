package dev.svcconnect.controlplane.scheduling;

import static dev.svcconnect.controlplane.scheduling.Documents.deployment;
import static dev.svcconnect.controlplane.scheduling.Documents.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.DeploymentStatus;
import dev.svcconnect.controlplane.document.RolloutState;
import dev.svcconnect.controlplane.document.Service;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitBreakerTest {

    @ParameterizedTest(name = "desired {0} -> threshold {1}")
    @CsvSource({"0, 3", "1, 3", "5, 3", "6, 3", "7, 4", "10, 5", "399, 200", "400, 200", "1000, 200"})
    void theThresholdIsHalfTheDesiredCountClampedToThreeAndTwoHundred(int desired, int threshold) {
        assertThat(CircuitBreaker.threshold(desired)).isEqualTo(threshold);
    }

    @Test
    void aDeploymentInProgressTripsAtTheThresholdAndFails() {
        Service service = service(true, false, deployment("ecs-svc/2", "IN_PROGRESS", 3));
        Deployment primary = service.primary();

        assertThat(CircuitBreaker.trips(service, primary, 4)).isTrue();
        assertThat(primary.rolloutState()).isEqualTo(RolloutState.FAILED);
        assertThat(primary.json().get("rolloutStateReason").asText())
                .isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
    }

    @Test
    void belowTheThresholdOrWithoutBreakerOrOnceDoneNothingTrips() {
        Service below = service(true, false, deployment("ecs-svc/2", "IN_PROGRESS", 2));
        Service disabled = service(false, false, deployment("ecs-svc/2", "IN_PROGRESS", 50));
        Service completed = service(true, false, deployment("ecs-svc/2", "COMPLETED", 50));

        assertThat(CircuitBreaker.trips(below, below.primary(), 4)).isFalse();
        assertThat(CircuitBreaker.trips(disabled, disabled.primary(), 4)).isFalse();
        assertThat(CircuitBreaker.trips(completed, completed.primary(), 4)).isFalse();
        assertThat(below.primary().rolloutState()).isEqualTo(RolloutState.IN_PROGRESS);
    }

    @Test
    void rollbackGoesToTheLastCompletedDeploymentAndMakesItPrimaryAgain() {
        Service service = service(
                true,
                true,
                deployment("ecs-svc/3", "FAILED", 3),
                deployment("ecs-svc/2", "IN_PROGRESS", 0),
                deployment("ecs-svc/1", "COMPLETED", 1));
        List<Deployment> deployments = service.deployments();

        Deployment target = CircuitBreaker.rollbackTarget(service, deployments).orElseThrow();
        List<Deployment> reordered = CircuitBreaker.rollBack(service, deployments.get(0), target, deployments, 42.0);

        assertThat(reordered).extracting(Deployment::id).containsExactly("ecs-svc/1", "ecs-svc/3", "ecs-svc/2");
        assertThat(target.status()).isEqualTo(DeploymentStatus.PRIMARY);
        assertThat(target.rolloutState()).isEqualTo(RolloutState.IN_PROGRESS);
        assertThat(target.json().get("rolloutStateReason").asText())
                .isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.");
        assertThat(target.failedTasks()).isZero();
        assertThat(deployments.get(0).status()).isEqualTo(DeploymentStatus.ACTIVE);
        assertThat(service.taskDefinition()).isEqualTo("td:1");
    }

    @Test
    void withoutRollbackOrACompletedDeploymentThereIsNoTarget() {
        Service noRollback =
                service(true, false, deployment("ecs-svc/2", "FAILED", 3), deployment("ecs-svc/1", "COMPLETED", 0));
        Service noneCompleted =
                service(true, true, deployment("ecs-svc/2", "FAILED", 3), deployment("ecs-svc/1", "IN_PROGRESS", 0));

        assertThat(CircuitBreaker.rollbackTarget(noRollback, noRollback.deployments()))
                .isEmpty();
        assertThat(CircuitBreaker.rollbackTarget(noneCompleted, noneCompleted.deployments()))
                .isEmpty();
    }
}
