package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.SdkClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
class TagsTest {

    private static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/tagged";

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
        ecs.createCluster(b -> b.clusterName("tagged").tags(t -> t.key("env").value("test")));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<String> tags(String arn) {
        return ecs.listTagsForResource(b -> b.resourceArn(arn)).tags().stream()
                .map(t -> t.key() + "=" + t.value())
                .toList();
    }

    @Test
    void tagsOnCreationAreListedAndChangedByTagAndUntagResource() {
        assertThat(tags(CLUSTER)).containsExactly("env=test");

        ecs.tagResource(b -> b.resourceArn(CLUSTER)
                .tags(t -> t.key("env").value("prod"), t -> t.key("team").value("")));
        assertThat(tags(CLUSTER)).containsExactly("env=prod", "team=");

        ecs.untagResource(b -> b.resourceArn(CLUSTER).tagKeys("env", "absent"));
        assertThat(tags(CLUSTER)).containsExactly("team=");
    }

    @Test
    void servicesTaskDefinitionsAndTheirTasksCarryTagsAndPropagateThem() {
        SdkClients.cluster(ecs, "shop", "shop-ns");
        String taskDefinition = ecs.registerTaskDefinition(b -> b.family("web")
                        .networkMode("awsvpc")
                        .requiresCompatibilitiesWithStrings("FARGATE")
                        .cpu("256")
                        .memory("512")
                        .tags(t -> t.key("owner").value("web-team"))
                        .containerDefinitions(c -> c.name("app").command("true")))
                .taskDefinition()
                .taskDefinitionArn();
        String service = ecs.createService(b -> b.cluster("shop")
                        .serviceName("web")
                        .taskDefinition("web")
                        .desiredCount(1)
                        .launchType("FARGATE")
                        .tags(t -> t.key("tier").value("front"))
                        .propagateTags("SERVICE")
                        .enableECSManagedTags(true))
                .service()
                .serviceArn();

        assertThat(tags(taskDefinition)).containsExactly("owner=web-team");
        assertThat(tags(service)).containsExactly("tier=front");
        String task = ecs.listTasks(b -> b.cluster("shop")).taskArns().get(0);
        assertThat(tags(task)).containsExactly("tier=front", "aws:ecs:clusterName=shop", "aws:ecs:serviceName=web");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web")).hasTags())
                .isFalse();
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web").include(TaskDefinitionField.TAGS))
                        .tags())
                .extracting(Tag::key)
                .containsExactly("owner");
        assertThat(ecs.describeClusters(b -> b.clusters("tagged"))
                        .clusters()
                        .get(0)
                        .hasTags())
                .isFalse();
        assertThat(ecs.describeClusters(b -> b.clusters("tagged").include(ClusterField.TAGS))
                        .clusters()
                        .get(0)
                        .tags())
                .extracting(Tag::key)
                .containsExactly("env");
    }

    @Test
    void containerInstancesAreTaggedByArnAndKeepTheirTagsWhenTheirAgentRegistersAgain() throws Exception {
        HostAgents agents = new HostAgents(fixture.server.endpoint(), fixture.server.adminCredentials());
        JsonNode registered = agents.registerAgent("tagged", "EC2", 1024, 2048);
        String host = registered.get("hostId").asText();
        String arn = "arn:aws:ecs:us-east-1:000000000000:container-instance/tagged/" + host;

        ecs.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("rack").value("r1")));
        assertThat(tags(arn)).containsExactly("rack=r1");
        agents.register(Map.of("cluster", "tagged", "hostId", host, "launchType", "EC2", "cpu", 1024, "memory", 2048));
        assertThat(tags(arn)).containsExactly("rack=r1");

        assertThat(ecs.describeContainerInstances(b -> b.cluster("tagged").containerInstances(host))
                        .containerInstances()
                        .get(0)
                        .hasTags())
                .isFalse();
        assertThat(ecs.describeContainerInstances(b ->
                                b.cluster("tagged").containerInstances(host).include(ContainerInstanceField.TAGS))
                        .containerInstances()
                        .get(0)
                        .tags())
                .extracting(Tag::key)
                .containsExactly("rack");
        ecs.untagResource(b -> b.resourceArn(arn).tagKeys("rack"));
        assertThat(tags(arn)).isEmpty();
        assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn(arn.replace(host, "0" + host))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describeClustersAnswersItsOptionalPartsOnlyWhenIncluded() {
        Cluster plain =
                ecs.describeClusters(b -> b.clusters("tagged")).clusters().get(0);
        assertThat(plain.hasSettings()).isFalse();
        assertThat(plain.hasStatistics()).isFalse();
        assertThat(plain.hasTags()).isFalse();
        Cluster full = ecs.describeClusters(b ->
                        b.clusters("tagged").include(ClusterField.SETTINGS, ClusterField.STATISTICS, ClusterField.TAGS))
                .clusters()
                .get(0);
        assertThat(full.settings()).extracting(s -> s.nameAsString()).containsExactly("containerInsights");
        assertThat(full.hasStatistics()).isTrue();
        assertThat(full.hasTags()).isTrue();
        assertThatThrownBy(() ->
                        ecs.describeTasks(b -> b.cluster("tagged").tasks("t").includeWithStrings("SETTINGS")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("include[0]: 'SETTINGS' (expected one of: TAGS)");
    }

    @Test
    void tagLimitsAreEcsLimits() {
        assertThatThrownBy(() -> ecs.tagResource(
                        b -> b.resourceArn(CLUSTER).tags(t -> t.key("aws:owner").value("x"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("tags[0].key: 'aws:owner' (the aws: prefix is reserved for AWS use)");
        assertThatThrownBy(() -> ecs.tagResource(b ->
                        b.resourceArn(CLUSTER).tags(t -> t.key("k".repeat(129)).value("x"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("tags[0].key: '" + "k".repeat(129) + "' (expected: 1-128 of letters");
        assertThatThrownBy(() -> ecs.tagResource(b ->
                        b.resourceArn(CLUSTER).tags(t -> t.key("k").value("v".repeat(257)))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("tags[0].value: '" + "v".repeat(257) + "' (expected: 0-256 of letters");
        List<Tag> fortyNine = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            fortyNine.add(Tag.builder().key("k" + i).value("v").build());
        }
        ecs.tagResource(b -> b.resourceArn(CLUSTER).tags(fortyNine));
        assertThatThrownBy(() -> ecs.tagResource(
                        b -> b.resourceArn(CLUSTER).tags(t -> t.key("one-more").value("v"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("tags: 51 tags on the resource (expected: at most 50)");
        assertThatThrownBy(() -> ecs.createCluster(b -> b.clusterName("x").tags(t -> t.key("dup"), t -> t.key("dup"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("tags[1].key: 'dup' is given twice (expected: each key once)");
    }

    @Test
    void unknownResourcesAreRefusedAsEcsRefusesThem() {
        assertThatThrownBy(() ->
                        ecs.listTagsForResource(b -> b.resourceArn("arn:aws:ecs:us-east-1:000000000000:cluster/none")))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> ecs.listTagsForResource(
                        b -> b.resourceArn("arn:aws:ecs:us-east-1:000000000000:service/tagged/none")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("The specified resource could not be found:");
        assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn("tagged")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("resourceArn: 'tagged' (expected: the ARN of an ECS cluster, service, task"
                        + " definition, task or container instance)");
    }
}
