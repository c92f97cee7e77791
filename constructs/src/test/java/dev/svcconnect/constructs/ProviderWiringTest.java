package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.constructs.internal.EmbeddedProviderJar;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ProviderWiringTest {

    @Test
    void everyStackGetsOneProviderWithJava21HandlersOfTheEmbeddedJar() {
        Template template = Template.fromStack(TestApp.define(new App()));

        template.resourcePropertiesCountIs(
                "AWS::Lambda::Function",
                Map.of("Runtime", "java21", "Handler", "dev.svcconnect.provider.OnEventHandler::handleRequest"),
                1);
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Runtime",
                        "java21",
                        "Handler",
                        "dev.svcconnect.provider.IsCompleteHandler::handleRequest",
                        "Code",
                        Map.of("S3Bucket", Match.anyValue(), "S3Key", Match.stringLikeRegexp("^[0-9a-f]{64}\\.jar$")),
                        "Environment",
                        Map.of("Variables", Map.of("SVC_CONNECT_ENDPOINT", Map.of("Ref", "SvcConnectEndpoint")))));
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.hasParameter("SvcConnectEndpoint", Map.of("Type", "String", "Default", "http://127.0.0.1:7700"));
    }

    @Test
    void everyCustomResourceUsesTheProvidersServiceToken() {
        Template template = Template.fromStack(TestApp.define(new App()));
        String framework = template.findResources(
                        "AWS::Lambda::Function",
                        Match.objectLike(Map.of("Properties", Map.of("Handler", "framework.onEvent"))))
                .keySet()
                .iterator()
                .next();

        for (String type : List.of("Namespace", "Cluster", "HostFleet", "TaskDefinition", "Service")) {
            template.allResourcesProperties(
                    "Custom::SvcConnect" + type,
                    Match.objectLike(Map.of("ServiceToken", Map.of("Fn::GetAtt", List.of(framework, "Arn")))));
        }
    }

    @Test
    void theEndpointDefaultComesFromTheContextWhenSet() {
        App app = new App(AppProps.builder()
                .context(Map.of("svc-connect:endpoint", "http://10.0.0.5:7700"))
                .build());
        Stack stack = new Stack(app, "Test");
        Namespace.Builder.create(stack, "Ns").name("internal").build();

        Template.fromStack(stack).hasParameter("SvcConnectEndpoint", Map.of("Default", "http://10.0.0.5:7700"));
    }

    @Test
    void theEmbeddedJarHoldsTheHandlersAndTheSdk() throws IOException {
        try (ZipFile jar = new ZipFile(EmbeddedProviderJar.path().toFile())) {
            assertThat(jar.getEntry("dev/svcconnect/provider/OnEventHandler.class"))
                    .isNotNull();
            assertThat(jar.getEntry("dev/svcconnect/provider/IsCompleteHandler.class"))
                    .isNotNull();
            assertThat(jar.getEntry("software/amazon/awssdk/services/ecs/EcsClient.class"))
                    .isNotNull();
            assertThat(jar.getEntry("com/amazonaws/services/lambda/runtime/RequestHandler.class"))
                    .isNotNull();
        }
        assertThat(EmbeddedProviderJar.path()).isEqualTo(EmbeddedProviderJar.path());
        assertThat(EmbeddedProviderJar.path().getFileName().toString()).matches("provider-[0-9a-f]{16}\\.jar");
    }
}
