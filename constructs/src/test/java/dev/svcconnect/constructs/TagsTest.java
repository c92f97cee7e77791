package dev.svcconnect.constructs;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** {@code Tags.of(...)} reaches the custom resources as ECS-shaped {@code Tags}. */
class TagsTest {

    @Test
    void tagsOfTheStackReachEveryResourceAsKeyValuePairsSortedByKey() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task", Apps.port("api", 8080, AppProtocol.HTTP));
        FargateService.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .build();

        Tags.of(stack).add("team", "payments");
        Tags.of(stack).add("env", "test");

        Template template = Apps.template(stack);
        List<Map<String, String>> expected =
                List.of(Map.of("Key", "env", "Value", "test"), Map.of("Key", "team", "Value", "payments"));
        for (String type : List.of("Namespace", "Cluster", "TaskDefinition", "Service")) {
            template.hasResourceProperties("Custom::SvcConnect" + type, Map.of("Tags", expected));
        }
    }

    @Test
    void tagsOfOneConstructStayOnItsResource() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);
        TaskDefinition task = Apps.task(stack, "Task");
        FargateService service = FargateService.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(task)
                .build();

        Tags.of(service).add("owner", "api-team");

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectService", Map.of("Tags", List.of(Map.of("Key", "owner", "Value", "api-team"))));
        template.hasResourceProperties("Custom::SvcConnectCluster", Map.of("Tags", Match.absent()));
    }

    @Test
    void tagsCanBeLimitedToOneResourceType() {
        Stack stack = Apps.stack();
        Apps.clusterWithNamespace(stack);

        Tags.of(stack)
                .add(
                        "kind",
                        "cluster",
                        TagProps.builder()
                                .includeResourceTypes(List.of("Custom::SvcConnectCluster"))
                                .build());

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectCluster", Map.of("Tags", List.of(Map.of("Key", "kind", "Value", "cluster"))));
        template.hasResourceProperties("Custom::SvcConnectNamespace", Map.of("Tags", Match.absent()));
    }
}
