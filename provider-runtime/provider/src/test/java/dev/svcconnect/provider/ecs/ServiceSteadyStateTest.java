package dev.svcconnect.provider.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

class ServiceSteadyStateTest {

    private static Deployment.Builder primary() {
        return Deployment.builder()
                .id("ecs-svc/1")
                .status("PRIMARY")
                .desiredCount(2)
                .runningCount(0)
                .pendingCount(2)
                .failedTasks(0)
                .rolloutState(DeploymentRolloutState.IN_PROGRESS);
    }

    private static Service service(Deployment... deployments) {
        return Service.builder()
                .serviceName("api")
                .deployments(deployments)
                .events(
                        ServiceEvent.builder()
                                .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                                .message("(service api) has started 2 tasks")
                                .build(),
                        ServiceEvent.builder()
                                .createdAt(Instant.parse("2026-01-01T00:01:00Z"))
                                .message("(service api) task 1a2b stopped: Essential container exited (exit code 1)")
                                .build())
                .build();
    }

    @Test
    void aCompletedRolloutIsASteadyState() {
        Service service = service(primary()
                .runningCount(2)
                .pendingCount(0)
                .rolloutState(DeploymentRolloutState.COMPLETED)
                .build());

        assertThat(ServiceSteadyState.evaluate(service, "ecs-svc/1").status())
                .isEqualTo(ServiceSteadyState.Status.COMPLETE);
    }

    @Test
    void aCompletedRolloutScaledUpIsNotYetSteadyUntilTheNewCountRuns() {
        Service scaling = service(primary()
                .desiredCount(3)
                .runningCount(2)
                .pendingCount(1)
                .rolloutState(DeploymentRolloutState.COMPLETED)
                .build());
        Service scaled = service(primary()
                .desiredCount(3)
                .runningCount(3)
                .pendingCount(0)
                .rolloutState(DeploymentRolloutState.COMPLETED)
                .build());

        assertThat(ServiceSteadyState.evaluate(scaling, "ecs-svc/1").status())
                .isEqualTo(ServiceSteadyState.Status.IN_PROGRESS);
        assertThat(ServiceSteadyState.evaluate(scaled, "ecs-svc/1").status())
                .isEqualTo(ServiceSteadyState.Status.COMPLETE);
    }

    @Test
    void aRolloutInProgressIsNotYet() {
        assertThat(ServiceSteadyState.evaluate(service(primary().build()), "ecs-svc/1")
                        .status())
                .isEqualTo(ServiceSteadyState.Status.IN_PROGRESS);
    }

    @Test
    void aFailedRolloutReportsItsReasonAndTheLatestEvent() {
        Service service = service(primary()
                .rolloutState(DeploymentRolloutState.FAILED)
                .rolloutStateReason("ECS deployment circuit breaker: tasks failed to start.")
                .build());

        ServiceSteadyState.Outcome outcome = ServiceSteadyState.evaluate(service, "ecs-svc/1");

        assertThat(outcome.status()).isEqualTo(ServiceSteadyState.Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("service 'api': deployment ecs-svc/1 failed: ECS deployment circuit"
                        + " breaker: tasks failed to start.; latest event: (service api) task 1a2b stopped: Essential"
                        + " container exited (exit code 1)");
    }

    @Test
    void failedTasksEndADeploymentWithoutCircuitBreakerAtItsThreshold() {
        assertThat(ServiceSteadyState.evaluate(service(primary().failedTasks(2).build()), "ecs-svc/1")
                        .status())
                .isEqualTo(ServiceSteadyState.Status.IN_PROGRESS);

        ServiceSteadyState.Outcome outcome =
                ServiceSteadyState.evaluate(service(primary().failedTasks(3).build()), "ecs-svc/1");
        assertThat(outcome.status()).isEqualTo(ServiceSteadyState.Status.FAILED);
        assertThat(outcome.reason())
                .startsWith("service 'api': deployment ecs-svc/1: 3 of its tasks failed to start"
                        + " or become healthy; latest event: ");
    }

    @Test
    void stoppedTasksOfTheDeploymentCountAsFailuresAndGiveTheReason() {
        Service service = service(primary().build());
        List<Task> stopped = List.of(
                stopped("1111", "2026-01-01T00:00:01Z"),
                stopped("2222", "2026-01-01T00:00:03Z"),
                stopped("3333", "2026-01-01T00:00:02Z"));

        assertThat(ServiceSteadyState.evaluate(service, "ecs-svc/1", stopped.subList(0, 2))
                        .status())
                .isEqualTo(ServiceSteadyState.Status.IN_PROGRESS);
        assertThat(ServiceSteadyState.evaluate(service, "ecs-svc/1", stopped).reason())
                .isEqualTo("service 'api': deployment ecs-svc/1: 3 of its tasks failed to start or become healthy;"
                        + " task 2222 stopped: Essential container in task exited (container app exited with code 1)");
    }

    private static Task stopped(String id, String at) {
        return Task.builder()
                .taskArn("arn:aws:ecs:us-east-1:123456789012:task/apps/" + id)
                .stoppedAt(Instant.parse(at))
                .stoppedReason("Essential container in task exited")
                .containers(Container.builder().name("app").exitCode(1).build())
                .build();
    }

    @Test
    void theThresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred() {
        assertThat(ServiceSteadyState.failureThreshold(1)).isEqualTo(3);
        assertThat(ServiceSteadyState.failureThreshold(10)).isEqualTo(5);
        assertThat(ServiceSteadyState.failureThreshold(11)).isEqualTo(6);
        assertThat(ServiceSteadyState.failureThreshold(1000)).isEqualTo(200);
    }

    @Test
    void aDeploymentThatWasReplacedHasFailed() {
        Service service = service(primary().id("ecs-svc/2").build());

        assertThat(ServiceSteadyState.evaluate(service, "ecs-svc/1").reason())
                .startsWith("service 'api': deployment ecs-svc/1 is no longer active (it was replaced by a newer"
                        + " deployment or rolled back)");
    }

    @Test
    void withoutRolloutStateASinglePrimaryDeploymentWithAllTasksRunningIsSteady() {
        Deployment settled = primary()
                .rolloutState((DeploymentRolloutState) null)
                .runningCount(2)
                .pendingCount(0)
                .build();

        assertThat(ServiceSteadyState.evaluate(service(settled), null).status())
                .isEqualTo(ServiceSteadyState.Status.COMPLETE);
        assertThat(ServiceSteadyState.evaluate(
                                service(
                                        settled,
                                        primary()
                                                .id("ecs-svc/0")
                                                .status("ACTIVE")
                                                .build()),
                                null)
                        .status())
                .isEqualTo(ServiceSteadyState.Status.IN_PROGRESS);
    }
}
