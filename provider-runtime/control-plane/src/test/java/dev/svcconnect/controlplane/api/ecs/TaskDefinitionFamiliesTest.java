package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeleteTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

class TaskDefinitionFamiliesTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        for (String family : new String[] {"web", "web", "worker", "db"}) {
            ecs.registerTaskDefinition(b ->
                    b.family(family).containerDefinitions(c -> c.name("app").command("true")));
        }
        ecs.deregisterTaskDefinition(b -> b.taskDefinition("db:1"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void listTaskDefinitionFamiliesFiltersByPrefixAndStatusAndPages() {
        assertThat(ecs.listTaskDefinitionFamilies(b -> {}).families()).containsExactly("db", "web", "worker");
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("w")).families())
                .containsExactly("web", "worker");
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.status(TaskDefinitionFamilyStatus.ACTIVE))
                        .families())
                .containsExactly("web", "worker");
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.status(TaskDefinitionFamilyStatus.INACTIVE))
                        .families())
                .containsExactly("db");

        ListTaskDefinitionFamiliesResponse first = ecs.listTaskDefinitionFamilies(b -> b.maxResults(2));
        assertThat(first.families()).containsExactly("db", "web");
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.maxResults(2).nextToken(first.nextToken()))
                        .families())
                .containsExactly("worker");
    }

    @Test
    void deleteTaskDefinitionsDeletesInactiveRevisionsAndListsTheOthersAsFailures() {
        DeleteTaskDefinitionsResponse response =
                ecs.deleteTaskDefinitions(b -> b.taskDefinitions("db:1", "web:2", "nope:1"));

        assertThat(response.taskDefinitions()).singleElement().satisfies(td -> {
            assertThat(td.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/db:1");
            assertThat(td.status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
        });
        assertThat(response.failures())
                .extracting(f -> f.arn() + " " + f.reason() + ": " + f.detail())
                .containsExactly(
                        "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2 TASK_DEFINITION_ACTIVE: The specified"
                                + " task definition is still in ACTIVE status. Deregister it and try again.",
                        "arn:aws:ecs:us-east-1:000000000000:task-definition/nope:1 TASK_DEFINITION_NOT_FOUND: The"
                                + " specified task definition does not exist.");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("db:1"))
                        .taskDefinition()
                        .status())
                .isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
        assertThat(ecs.listTaskDefinitions(b -> b.status(TaskDefinitionStatus.INACTIVE))
                        .taskDefinitionArns())
                .isEmpty();
        assertThatThrownBy(() -> ecs.deleteTaskDefinitions(b -> b.taskDefinitions(
                        "a:1", "a:2", "a:3", "a:4", "a:5", "a:6", "a:7", "a:8", "a:9", "a:10", "a:11")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("taskDefinitions: 11 items (expected: 1-10)");
    }
}
