package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.servicediscovery.NamespaceType;

/** The default namespace as aws-cdk-lib declares it, and enableServiceConnect() without argument. */
class CloudMapNamespaceTest {

    @Test
    void addDefaultCloudMapNamespaceCreatesTheNamespaceWithoutServiceConnectDefaultsByDefault() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");

        INamespace namespace = cluster.addDefaultCloudMapNamespace(
                CloudMapNamespaceOptions.builder().name("internal").build());

        assertThat(cluster.getDefaultCloudMapNamespace()).isSameAs(namespace);
        assertThat(namespace.getNamespaceName()).isEqualTo("internal");
        Template template = Apps.template(stack);
        template.hasResourceProperties("Custom::SvcConnectNamespace", Map.of("Name", "internal"));
        template.hasResourceProperties("Custom::SvcConnectCluster", Map.of("ServiceConnectDefaults", Match.absent()));
    }

    @Test
    void useForServiceConnectRendersTheNamespaceAsServiceConnectDefaults() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");

        cluster.addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                .name("internal")
                .useForServiceConnect(true)
                .build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectCluster", Map.of("ServiceConnectDefaults", Map.of("Namespace", "internal")));
    }

    @Test
    void theClusterPropCreatesTheDefaultNamespaceToo() {
        Stack stack = Apps.stack();
        Cluster cluster = Cluster.Builder.create(stack, "Cluster")
                .defaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                        .name("internal")
                        .useForServiceConnect(true)
                        .build())
                .build();

        assertThat(cluster.getDefaultCloudMapNamespace().getNamespaceName()).isEqualTo("internal");
        Apps.template(stack).resourceCountIs("Custom::SvcConnectNamespace", 1);
    }

    @Test
    void addsTheDefaultCloudMapNamespaceOnlyOnce() {
        Cluster cluster = Apps.clusterWithNamespace(Apps.stack());

        assertThatThrownBy(() -> cluster.addDefaultCloudMapNamespace(
                        CloudMapNamespaceOptions.builder().name("other").build()))
                .hasMessage("Can only add default namespace once.");
    }

    @Test
    void rejectsBothDefaultNamespaceProps() {
        Stack stack = Apps.stack();
        INamespace shared = Namespace.fromNamespaceName(stack, "Shared", "shared");

        assertThatThrownBy(() -> Cluster.Builder.create(stack, "Cluster")
                        .defaultNamespace(shared)
                        .defaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                                .name("internal")
                                .build())
                        .build())
                .hasMessage("defaultCloudMapNamespace: cannot be given with defaultNamespace (expected: one of them)");
    }

    @Test
    void aDnsNamespaceTypeIsAWarningWithTheClusterPathAndRendersAnHttpNamespace() {
        Stack stack = Apps.stack();
        new Cluster(stack, "Cluster")
                .addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                        .name("internal")
                        .type(NamespaceType.DNS_PRIVATE)
                        .build());

        Annotations.fromStack(stack)
                .hasWarning(
                        "/Test/Cluster",
                        Match.stringLikeRegexp("^defaultCloudMapNamespace.type: DNS_PRIVATE is rendered as an HTTP"
                                + " namespace \\(svc-connect namespaces are HTTP namespaces: Service Connect needs no"
                                + " DNS zone\\).*"));
        Apps.template(stack).resourceCountIs("Custom::SvcConnectNamespace", 1);
    }

    @Test
    void anHttpNamespaceTypeIsNoWarning() {
        Stack stack = Apps.stack();
        new Cluster(stack, "Cluster")
                .addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                        .name("internal")
                        .type(NamespaceType.HTTP)
                        .build());

        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void enableServiceConnectWithoutArgumentJoinsTheClustersDefaultNamespaceAsAClient() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        cluster.addDefaultCloudMapNamespace(
                CloudMapNamespaceOptions.builder().name("internal").build());
        cluster.addHostFleet("Hosts", HostFleetProps.builder().build());
        Ec2Service service = Ec2Service.Builder.create(stack, "Client")
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, "Task"))
                .build();

        service.enableServiceConnect();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectService",
                        Map.of(
                                "ServiceConnectConfiguration",
                                Map.of("Enabled", true, "Namespace", "internal", "Services", Match.absent())));
        assertThatThrownBy(service::enableServiceConnect)
                .hasMessage("Service connect configuration cannot be specified more than once.");
    }

    @Test
    void enableServiceConnectWithoutArgumentNeedsADefaultNamespace() {
        Stack stack = Apps.stack();
        Ec2Service service = Ec2Service.Builder.create(stack, "Client")
                .cluster(new Cluster(stack, "Cluster"))
                .taskDefinition(Apps.task(stack, "Task"))
                .build();

        assertThatThrownBy(service::enableServiceConnect)
                .hasMessage(
                        "Namespace must be defined either in serviceConnectConfiguration or cluster.defaultNamespace");
    }

    @Test
    void theNamespaceMayBeGivenByNameOrArnAsInAwsCdkLib() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition byName = Apps.task(stack, "ByNameTask", Apps.port("api", 8080, AppProtocol.HTTP));
        FargateService.Builder.create(stack, "ByName")
                .cluster(cluster)
                .taskDefinition(byName)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .namespace("shared")
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .build()))
                        .build())
                .build();
        String arn = "arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-0123456789abcdef";
        TaskDefinition byArn = Apps.task(stack, "ByArnTask", Apps.port("web", 8000, AppProtocol.HTTP));
        FargateService.Builder.create(stack, "ByArn")
                .cluster(cluster)
                .taskDefinition(byArn)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .namespace(arn)
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("web")
                                .build()))
                        .build())
                .build();

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Match.objectLike(Map.of(
                                "Namespace",
                                "shared",
                                "Services",
                                List.of(Match.objectLike(Map.of(
                                        "ClientAliases", List.of(Map.of("Port", 8080, "DnsName", "api.shared")))))))));
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Match.objectLike(Map.of(
                                "Namespace",
                                arn,
                                "Services",
                                List.of(Match.objectLike(
                                        Map.of("ClientAliases", List.of(Map.of("Port", 8000))))))))); // ECS defaults it
    }

    @Test
    void rejectsANamespaceNameWithASlash() {
        Stack stack = Apps.stack();
        Ec2Service service = Ec2Service.Builder.create(stack, "Api")
                .cluster(Apps.clusterWithNamespace(stack))
                .taskDefinition(Apps.task(stack, "Task"))
                .build();

        assertThatThrownBy(() -> service.enableServiceConnect(
                        ServiceConnectProps.builder().namespace("a/b").build()))
                .hasMessage("serviceConnectConfiguration.namespace: 'a/b' (expected: 1-1024 printable characters"
                        + " without spaces, '<', '>', '\"' or '/')");
    }
}
