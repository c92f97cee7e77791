package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** {@code allowedCallers} of a Service Connect service: a {@code Custom::SvcConnectAccessPolicy}, checked at synth. */
class AccessPolicyTest {

    private static FargateService appserver(Stack stack, List<?> allowedCallers) {
        return appserver(stack, Apps.clusterWithNamespace(stack), allowedCallers);
    }

    private static FargateService appserver(Stack stack, Cluster cluster, List<?> allowedCallers) {
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        return FargateService.Builder.create(stack, "Appserver")
                .cluster(cluster)
                .taskDefinition(task)
                .serviceConnectConfiguration(ServiceConnectProps.builder()
                        .services(List.of(ServiceConnectService.builder()
                                .portMappingName("api")
                                .discoveryName("appserver")
                                .allowedCallers(allowedCallers)
                                .build()))
                        .build())
                .build();
    }

    @Test
    void allowedCallersRenderAnAccessPolicyCreatedAfterTheService() {
        Stack stack = Apps.stack();
        appserver(stack, List.of("webui", "ops/*"));

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectAccessPolicy",
                Map.of(
                        "Namespace", "internal",
                        "Service", "appserver",
                        "AllowedCallers", List.of("webui", "ops/*")));
        template.hasResource(
                "Custom::SvcConnectAccessPolicy",
                Map.of(
                        "DependsOn",
                        Match.arrayWith(List.of(ClusterTest.logicalIdOf(template, "Custom::SvcConnectService")))));
        template.hasResourceProperties(
                "Custom::SvcConnectService",
                Map.of(
                        "ServiceConnectConfiguration",
                        Map.of("Services", List.of(Match.objectLike(Map.of("AllowedCallers", Match.absent()))))));
    }

    @Test
    void servicesStandForTheirNamesPrefixedWithTheirNamespaceWhenItIsAnother() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        FargateService webui = client(stack, "Webui", cluster, "webui", true);
        Cluster ops = new Cluster(stack, "Ops");
        ops.addDefaultNamespace(NamespaceProps.builder().name("ops").build());
        FargateService metrics = client(stack, "Metrics", ops, "metrics", false);
        IBaseService batch = FargateService.fromFargateServiceArn(
                stack, "Batch", "arn:aws:ecs:us-east-1:123456789012:service/jobs/batch");
        FargateService unnamed = client(stack, "Unnamed", cluster, null, true);

        appserver(stack, cluster, List.of(webui, "db", metrics, batch, unnamed));

        Template template = Apps.template(stack);
        String unnamedId = template.findResources("Custom::SvcConnectService").keySet().stream()
                .filter(id -> id.startsWith("Unnamed"))
                .findFirst()
                .orElseThrow();
        template.hasResourceProperties(
                "Custom::SvcConnectAccessPolicy",
                Map.of(
                        "AllowedCallers",
                        List.of(
                                "webui",
                                "db",
                                "ops/metrics",
                                "batch",
                                Map.of("Fn::GetAtt", List.of(unnamedId, "Name")))));
    }

    @Test
    void anEntryThatIsNeitherANameNorAServiceFailsTheSynthNamingTheField() {
        assertThatThrownBy(() -> appserver(Apps.stack(), Arrays.asList("webui", 42)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serviceConnectConfiguration.services[0].allowedCallers[1]: a java.lang.Integer"
                        + " (expected: a caller's name, a String, or a service, an IBaseService)");
        assertThatThrownBy(() -> appserver(Apps.stack(), Arrays.asList("webui", null)))
                .hasMessageStartingWith("serviceConnectConfiguration.services[0].allowedCallers[1]: null");
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        FargateService badlyNamed = client(stack, "Web", cluster, "Web_UI", true);
        assertThatThrownBy(() -> appserver(stack, cluster, List.of(badlyNamed)))
                .hasMessageStartingWith("serviceConnectConfiguration.services[0].allowedCallers[0]: 'Web_UI'");
    }

    /** A client-only service (with Service Connect, or none), named {@code name} (null: generated at deploy). */
    private static FargateService client(Stack stack, String id, Cluster cluster, String name, boolean serviceConnect) {
        FargateService.Builder builder = FargateService.Builder.create(stack, id)
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, id + "Task", Apps.port("port", 80, AppProtocol.HTTP)));
        if (name != null) {
            builder.serviceName(name);
        }
        if (serviceConnect) {
            builder.serviceConnectConfiguration(ServiceConnectProps.builder().build());
        }
        return builder.build();
    }

    @Test
    void withoutAllowedCallersThereIsNoPolicyAndAnEmptyListAllowsNobody() {
        Stack none = Apps.stack();
        appserver(none, null);
        Apps.template(none).resourceCountIs("Custom::SvcConnectAccessPolicy", 0);

        Stack empty = Apps.stack();
        appserver(empty, List.of());
        Apps.template(empty)
                .hasResourceProperties("Custom::SvcConnectAccessPolicy", Map.of("AllowedCallers", List.of()));
    }

    @Test
    void aBadCallerFailsTheSynthNamingTheField() {
        assertThatThrownBy(() -> appserver(Apps.stack(), List.of("webui", "Web UI")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("serviceConnectConfiguration.services[0].allowedCallers[1]: 'Web UI'"
                        + " (expected: SERVICE, NAMESPACE/SERVICE, NAMESPACE/* or *;");
        assertThatThrownBy(() -> appserver(Apps.stack(), List.of("webui", "internal/webui")))
                .hasMessage("serviceConnectConfiguration.services[0].allowedCallers[1]: 'internal/webui' is listed"
                        + " twice (expected: each caller once)");
        assertThat(ServiceConnectService.builder()
                        .portMappingName("api")
                        .build()
                        .getAllowedCallers())
                .isNull();
    }
}
