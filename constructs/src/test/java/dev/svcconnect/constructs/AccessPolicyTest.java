package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** {@code allowedCallers} of a Service Connect service: a {@code Custom::SvcConnectAccessPolicy}, checked at synth. */
class AccessPolicyTest {

    private static FargateService appserver(Stack stack, List<String> allowedCallers) {
        Cluster cluster = Apps.clusterWithNamespace(stack);
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
