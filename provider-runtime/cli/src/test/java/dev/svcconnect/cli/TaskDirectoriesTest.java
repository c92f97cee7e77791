package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDirectoriesTest {

    private static final String TASK = "0f2c9e0f2c9e0f2c9e0f2c9e0f2c9e01";

    @TempDir
    Path environment;

    private Path taskDirectory;

    @BeforeEach
    void aTaskOfAnAgentThatDeployStarted() throws Exception {
        Files.createDirectories(environment.resolve("agents/fleet-a-1/tasks"));
        taskDirectory = Files.createDirectories(
                environment.resolve("agents/fleet-b-1/tasks").resolve(TASK));
        Files.writeString(taskDirectory.resolve("app.log"), "Error: Unable to access jarfile /opt/api.jar\n");
    }

    @Test
    void theAgentsOfTheLocalEngineAreSearchedAfterTheDefaultDataDirectory() {
        assertThat(TaskDirectories.agentData(environment))
                .containsExactly(
                        Path.of(".svc-connect/agent"),
                        environment.resolve("agents/fleet-a-1"),
                        environment.resolve("agents/fleet-b-1"));
        assertThat(TaskDirectories.find(
                        TaskDirectories.agentData(environment), "arn:aws:ecs:us-east-1:1:task/c/" + TASK))
                .contains(taskDirectory);
    }

    @Test
    void aFailedDeploysReasonNamingAStoppedTaskSaysWhereItsLogsAre() {
        String reason = "service 'api': deployment ecs-svc/1: 3 of its tasks failed to start or become healthy;"
                + " task " + TASK + " stopped: Essential container in task exited (container app exited with code 1)";

        assertThat(TaskDirectories.withLogsOf(reason, environment))
                .isEqualTo(
                        reason + " (the task's logs: svc-connect logs " + TASK + ", files in " + taskDirectory + ")");
    }

    @Test
    void aReasonWithoutATaskOfThisMachineIsKeptAsItIs() {
        String unknown = "task ffffffffffffffffffffffffffffffff stopped: Essential container in task exited";

        assertThat(TaskDirectories.withLogsOf(unknown, environment)).isEqualTo(unknown);
        assertThat(TaskDirectories.withLogsOf("Cluster not found: nope.", environment))
                .isEqualTo("Cluster not found: nope.");
    }
}
