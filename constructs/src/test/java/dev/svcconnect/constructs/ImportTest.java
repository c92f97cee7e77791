package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Existing clusters, namespaces, task definitions and services, imported as aws-cdk-lib does. */
class ImportTest {

    private final Stack stack = new Stack(
            new App(),
            "Test",
            StackProps.builder()
                    .env(Environment.builder()
                            .account("000000000000")
                            .region("us-east-1")
                            .build())
                    .build());

    @Test
    void aServiceRunsInAClusterImportedByAttributesAndUsesItsDefaultNamespace() {
        INamespace shared = Namespace.fromNamespaceName(stack, "Shared", "shared");
        ICluster cluster = Cluster.fromClusterAttributes(
                stack,
                "Cluster",
                ClusterAttributes.builder()
                        .clusterName("apps")
                        .defaultCloudMapNamespace(shared)
                        .build());
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP)))
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .build()))
                        .build())
                .build();

        assertThat(stack.resolve(cluster.getClusterArn()))
                .isEqualTo(inPartition(":ecs:us-east-1:000000000000:cluster/apps"));
        Template template = Apps.template(stack);
        template.resourceCountIs("Custom::SvcConnectCluster", 0);
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "Cluster",
                        "apps",
                        "ServiceConnectConfiguration",
                        Match.objectLike(Map.of("Namespace", "shared"))));
    }

    @Test
    void aClusterImportedByArnTakesItsNameFromTheArn() {
        ICluster cluster = Cluster.fromClusterArn(stack, "Cluster", "arn:aws:ecs:us-east-1:000000000000:cluster/apps");

        assertThat(cluster.getClusterName()).isEqualTo("apps");
        assertThat(cluster.getDefaultCloudMapNamespace()).isNull();
    }

    @Test
    void aNamespaceImportedByAttributesKnowsItsIdAndArn() {
        INamespace namespace = Namespace.fromNamespaceAttributes(
                stack,
                "Ns",
                NamespaceAttributes.builder()
                        .namespaceName("shared")
                        .namespaceId("ns-0123456789abcdef")
                        .namespaceArn("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-0123456789abcdef")
                        .build());

        assertThat(namespace.getNamespaceId()).isEqualTo("ns-0123456789abcdef");
        assertThat(namespace.getNamespaceArn())
                .isEqualTo("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-0123456789abcdef");
    }

    @Test
    void aNamespaceImportedByNameSaysHowToGiveItsArn() {
        INamespace namespace = Namespace.fromNamespaceName(stack, "Ns", "shared");

        assertThatThrownBy(namespace::getNamespaceArn)
                .hasMessage("namespaceArn: unknown for the imported namespace 'shared' (Test/Ns) (expected: import it"
                        + " with Namespace.fromNamespaceAttributes and a namespaceArn)");
    }

    @Test
    void aTaskDefinitionImportedByArnHasNoKnownNetworkMode() {
        String arn = "arn:aws:ecs:us-east-1:000000000000:task-definition/api:3";
        ITaskDefinition byArn = TaskDefinition.fromTaskDefinitionArn(stack, "ByArn", arn);
        ITaskDefinition byAttributes = TaskDefinition.fromTaskDefinitionAttributes(
                stack,
                "ByAttributes",
                TaskDefinitionAttributes.builder()
                        .taskDefinitionArn(arn)
                        .networkMode(NetworkMode.AWS_VPC)
                        .build());

        assertThat(byArn.getTaskDefinitionArn()).isEqualTo(arn);
        assertThat(byAttributes.getNetworkMode()).isEqualTo(NetworkMode.AWS_VPC);
        assertThatThrownBy(byArn::getNetworkMode)
                .hasMessage("networkMode: unknown for the imported task definition Test/ByArn (expected: import it"
                        + " with TaskDefinition.fromTaskDefinitionAttributes and a networkMode)");
    }

    @Test
    void aServiceImportedByArnKnowsItsNameAndCluster() {
        IBaseService service = FargateService.fromFargateServiceArn(
                stack, "Web", "arn:aws:ecs:us-east-1:000000000000:service/apps/web");

        assertThat(service.getServiceName()).isEqualTo("web");
        assertThat(service.getCluster().getClusterName()).isEqualTo("apps");
    }

    @Test
    void aServiceImportedByNameGetsTheLongArnOfItsCluster() {
        ICluster cluster = Cluster.fromClusterAttributes(
                stack,
                "Cluster",
                ClusterAttributes.builder().clusterName("apps").build());

        IBaseService service = Ec2Service.fromEc2ServiceAttributes(
                stack,
                "Api",
                ServiceAttributes.builder().cluster(cluster).serviceName("api").build());

        assertThat(stack.resolve(service.getServiceArn()))
                .isEqualTo(inPartition(":ecs:us-east-1:000000000000:service/apps/api"));
        assertThat(service.getCluster()).isSameAs(cluster);
    }

    @Test
    void serviceAttributesNeedTheArnOrTheNameButNotBoth() {
        ICluster cluster = Cluster.fromClusterAttributes(
                stack,
                "Cluster",
                ClusterAttributes.builder().clusterName("apps").build());

        assertThatThrownBy(() -> ServiceAttributes.builder().cluster(cluster).build())
                .hasMessage("serviceArn, serviceName: neither is given (expected: exactly one of them)");
    }

    @Test
    void rejectsAServiceArnWithoutItsCluster() {
        assertThatThrownBy(() ->
                        Ec2Service.fromEc2ServiceArn(stack, "Api", "arn:aws:ecs:us-east-1:000000000000:service/api"))
                .hasMessage("serviceArn: 'arn:aws:ecs:us-east-1:000000000000:service/api' (expected:"
                        + " arn:PARTITION:ecs:REGION:ACCOUNT:service/CLUSTER/NAME)");
    }

    @Test
    void constructedResourcesAreTheirInterfaces() {
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task");
        BaseService service = FargateService.Builder.create(stack, "Web")
                .cluster(cluster)
                .taskDefinition(task)
                .build();

        ICluster asCluster = cluster;
        ITaskDefinition asTask = task;
        IBaseService asService = service;
        assertThat(asService.getCluster()).isSameAs(asCluster);
        assertThat(asTask.getNetworkMode()).isEqualTo(NetworkMode.AWS_VPC);
        assertThat(task.findPortMappingByName("none")).isNull();
    }

    /** {@code arn:PARTITION} followed by {@code rest}, as CloudFormation joins it. */
    private static Map<String, Object> inPartition(String rest) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), rest)));
    }
}
