package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class RunTaskTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;
    private HostAgents agents;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        agents = new HostAgents(fixture.server.endpoint(), fixture.server.adminCredentials());
        ecs.createCluster(b -> b.clusterName("jobs").serviceConnectDefaults(d -> d.namespace("shop")));
        ecs.registerTaskDefinition(b -> b.family("migrate")
                .cpu("256")
                .memory("512")
                .tags(t -> t.key("team").value("data"))
                .containerDefinitions(
                        ContainerDefinition.builder()
                                .name("job")
                                .command("echo", "hello")
                                .environment(
                                        e -> e.name("MODE").value("dry"),
                                        e -> e.name("LEVEL").value("1"))
                                .build(),
                        ContainerDefinition.builder()
                                .name("sidecar")
                                .command("sleep", "1")
                                .build()));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void runTaskPlacesOneOffTasksWithTheirOverridesStartedByGroupAndTags() throws Exception {
        String host = agents.register("jobs", "EC2", 1024, 2048);

        RunTaskResponse run = ecs.runTask(b -> b.cluster("jobs")
                .taskDefinition("migrate")
                .count(2)
                .launchType("EC2")
                .startedBy("ci-pipeline")
                .overrides(o -> o.containerOverrides(c -> c.name("job")
                        .command("sh", "-c", "exit 0")
                        .environment(e -> e.name("MODE").value("apply"))))
                .tags(t -> t.key("run").value("42"))
                .propagateTags("TASK_DEFINITION")
                .enableECSManagedTags(true));

        assertThat(run.failures()).isEmpty();
        assertThat(run.tasks()).hasSize(2).allSatisfy(task -> {
            assertThat(task.taskArn()).matches("arn:aws:ecs:us-east-1:000000000000:task/jobs/[0-9a-f]{32}");
            assertThat(task.taskDefinitionArn()).endsWith(":task-definition/migrate:1");
            assertThat(task.group()).isEqualTo("family:migrate");
            assertThat(task.startedBy()).isEqualTo("ci-pipeline");
            assertThat(task.launchTypeAsString()).isEqualTo("EC2");
            assertThat(task.lastStatus()).isEqualTo("PROVISIONING");
            assertThat(task.desiredStatus()).isEqualTo("RUNNING");
            assertThat(task.containerInstanceArn()).endsWith("/" + host);
            assertThat(task.overrides().containerOverrides()).singleElement().satisfies(o -> {
                assertThat(o.name()).isEqualTo("job");
                assertThat(o.command()).containsExactly("sh", "-c", "exit 0");
                assertThat(o.environment())
                        .singleElement()
                        .satisfies(e -> assertThat(e.value()).isEqualTo("apply"));
            });
            assertThat(task.tags())
                    .extracting(t -> t.key() + "=" + t.value())
                    .containsExactly("run=42", "team=data", "aws:ecs:clusterName=jobs");
        });

        JsonNode assignment = agents.assignments(host).get(0);
        JsonNode job =
                assignment.get("taskDefinition").get("containerDefinitions").get(0);
        assertThat(job.get("command").toString()).isEqualTo("[\"sh\",\"-c\",\"exit 0\"]");
        assertThat(job.get("environment").toString())
                .isEqualTo("[{\"name\":\"MODE\",\"value\":\"apply\"},{\"name\":\"LEVEL\",\"value\":\"1\"}]");
        JsonNode sidecar =
                assignment.get("taskDefinition").get("containerDefinitions").get(1);
        assertThat(sidecar.get("command").toString()).isEqualTo("[\"sleep\",\"1\"]");
        String namespaceArn = ecs.describeClusters(b -> b.clusters("jobs"))
                .clusters()
                .get(0)
                .serviceConnectDefaults()
                .namespace();
        assertThat(assignment.get("serviceConnectConfiguration").toString())
                .isEqualTo("{\"enabled\":true,\"namespace\":\"" + namespaceArn + "\"}");
    }

    @Test
    void describeTasksAnswersTagsOnlyWhenIncludeAsksForThem() throws Exception {
        agents.register("jobs", "EC2", 1024, 2048);
        String arn = ecs.runTask(b -> b.cluster("jobs")
                        .taskDefinition("migrate")
                        .tags(t -> t.key("k").value("v")))
                .tasks()
                .get(0)
                .taskArn();

        Task plain =
                ecs.describeTasks(b -> b.cluster("jobs").tasks(arn)).tasks().get(0);
        Task tagged = ecs.describeTasks(b -> b.cluster("jobs").tasks(arn).include(TaskField.TAGS))
                .tasks()
                .get(0);

        assertThat(plain.hasTags()).isFalse();
        assertThat(tagged.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("k=v");
    }

    @Test
    void listTasksFiltersOneOffTasksByStartedByFamilyAndDesiredStatusAndStopTaskStopsThem() throws Exception {
        String host = agents.register("jobs", "EC2", 4096, 8192);
        ecs.registerTaskDefinition(b -> b.family("report")
                .containerDefinitions(c -> c.name("r").command("true").memory(64)));
        String first = ecs.runTask(
                        b -> b.cluster("jobs").taskDefinition("migrate").startedBy("alice"))
                .tasks()
                .get(0)
                .taskArn();
        String second = ecs.runTask(
                        b -> b.cluster("jobs").taskDefinition("report").startedBy("bob"))
                .tasks()
                .get(0)
                .taskArn();

        assertThat(ecs.listTasks(b -> b.cluster("jobs").startedBy("alice")).taskArns())
                .containsExactly(first);
        assertThat(ecs.listTasks(b -> b.cluster("jobs").family("report")).taskArns())
                .containsExactly(second);

        Task stopped = ecs.stopTask(b -> b.cluster("jobs").task(first).reason("not needed"))
                .task();
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stoppedReason()).isEqualTo("not needed");
        assertThat(ecs.listTasks(b -> b.cluster("jobs")).taskArns()).containsExactly(second);
        assertThat(ecs.listTasks(b -> b.cluster("jobs").desiredStatus(DesiredStatus.STOPPED))
                        .taskArns())
                .containsExactly(first);

        String firstId = first.substring(first.lastIndexOf('/') + 1);
        agents.report(firstId, Map.of("lastStatus", "STOPPED", "exitCode", 0));
        Task done =
                ecs.describeTasks(b -> b.cluster("jobs").tasks(first)).tasks().get(0);
        assertThat(done.lastStatus()).isEqualTo("STOPPED");
        assertThat(done.containers()).extracting(c -> c.exitCode()).containsExactly(0, 0);
        assertThat(agents.assignments(host)).hasSize(1);
    }

    @Test
    void aFargateTaskWithoutFargateCapacityWaitsProvisioning() {
        ecs.registerTaskDefinition(b -> b.family("fargate-job")
                .networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE")
                .cpu("256")
                .memory("512")
                .containerDefinitions(c -> c.name("job").command("true")));

        Task task = ecs.runTask(
                        b -> b.cluster("jobs").taskDefinition("fargate-job").launchType("FARGATE"))
                .tasks()
                .get(0);

        assertThat(task.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(task.containerInstanceArn()).isNull();
        assertThat(task.platformVersion()).isEqualTo("1.4.0");
    }

    @Test
    void runTaskStartsWhatFitsAndAnswersResourceFailuresForTheRest() throws Exception {
        String host = agents.register("jobs", "EC2", 256, 600);

        RunTaskResponse run =
                ecs.runTask(b -> b.cluster("jobs").taskDefinition("migrate").count(2));

        assertThat(run.tasks())
                .singleElement()
                .satisfies(t -> assertThat(t.containerInstanceArn()).endsWith("/" + host));
        assertThat(run.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).endsWith("/" + host);
            assertThat(f.reason()).isEqualTo("RESOURCE:MEMORY");
        });
        assertThat(ecs.listTasks(b -> b.cluster("jobs")).taskArns())
                .containsExactly(run.tasks().get(0).taskArn());
    }

    @Test
    void runTaskRefusesWhatEcsRefuses() throws Exception {
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("jobs").taskDefinition("migrate")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("No Container Instances were found in your cluster.");
        agents.register("jobs", "EC2", 1024, 2048);
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("jobs")
                        .taskDefinition("migrate")
                        .launchType("EC2")
                        .capacityProviderStrategy(s -> s.capacityProvider("EC2"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Specifying both a launch type and capacity provider strategy is not"
                        + " supported. Remove one and try again.");
        assertThatThrownBy(() -> ecs.runTask(
                        b -> b.cluster("jobs").taskDefinition("migrate").count(11)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("count: 11 (expected: 1-10)");
        assertThatThrownBy(() -> ecs.runTask(
                        b -> b.cluster("jobs").taskDefinition("migrate").group("service:web")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("group: 'service:web' (expected: 1-255 characters, not starting with");
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("jobs")
                        .taskDefinition("migrate")
                        .overrides(o -> o.containerOverrides(c -> c.name("nope").command("true")))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("overrides.containerOverrides[0].name: Override for container named nope is"
                        + " not a container in the TaskDefinition (expected one of: job, sidecar).");
        assertThatThrownBy(() -> ecs.runTask(
                        b -> b.cluster("jobs").taskDefinition("migrate").propagateTags("SERVICE")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("propagateTags: 'SERVICE' (expected one of: TASK_DEFINITION, NONE;");
        ecs.deregisterTaskDefinition(b -> b.taskDefinition("migrate:1"));
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("jobs").taskDefinition("migrate:1")))
                .isInstanceOf(ClientException.class)
                .hasMessageStartingWith("taskDefinition: 'migrate:1' is INACTIVE (expected: an ACTIVE revision)");
        assertThat(ecs.listTasks(b -> b.cluster("jobs")).taskArns()).isEqualTo(List.of());
    }
}
