package dev.svcconnect.sample.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The sample synthesizes for the local engine (the default) and for AWS ({@code -c target=aws}),
 * where it passes cdk-nag's AwsSolutions checks: every finding fixed or suppressed with its reason in
 * the resource's {@code cdk_nag} metadata.
 */
class SampleAppTargetsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void locallyItHasNoAwsInfrastructureAndAPageOnLoopback() {
        Template template = Template.fromStack(SampleApp.declare(new App(), ROOT));

        template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 0);
        template.resourceCountIs("Custom::SvcConnectLoadBalancer", 1);
        template.hasParameter("SvcConnectEndpoint", Map.of("Default", "http://127.0.0.1:7700"));
    }

    @Test
    void forAwsItHasAControlPlaneAndTheHostFleetAsAnAutoScalingGroup() {
        Template template = Template.fromStack(SampleApp.declare(awsApp(), ROOT));

        template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 2);
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        template.resourceCountIs("Custom::SvcConnectLoadBalancer", 0);
        template.hasResourceProperties("Custom::SvcConnectHostFleet", Map.of("Count", 2));
        assertThat(template.findParameters("SvcConnectEndpoint")).isEmpty();
    }

    @Test
    void forAwsItHasNoUnsuppressedAwsSolutionsFinding() {
        App app = awsApp();
        Stack stack = SampleApp.declare(app, ROOT);
        Aspects.of(app).add(new AwsSolutionsChecks());

        Annotations annotations = Annotations.fromStack(stack);
        assertThat(describe(annotations.findError("*", Match.anyValue()))).isEmpty();
        assertThat(describe(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))))
                .isEmpty();
        List<JsonNode> suppressions = new ArrayList<>();
        Json.mapper()
                .valueToTree(Template.fromStack(stack).toJSON())
                .findValues("rules_to_suppress")
                .forEach(rules -> rules.forEach(suppressions::add));
        assertThat(suppressions)
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.path("reason").asText())
                        .as("the reason of %s", rule.path("id"))
                        .hasSizeGreaterThan(40));
    }

    @Test
    void forAwsTheCertificateIsRequired() {
        App app = new App(AppProps.builder().context(Map.of("target", "aws")).build());

        assertThatThrownBy(() -> SampleApp.declare(app, ROOT))
                .hasMessage("context sample:certificateArn is required with -c target=aws (see README.md,"
                        + " \"Deploying to AWS\")");
    }

    /** The app with {@code -c target=aws} and the certificate and domain name it needs. */
    private static App awsApp() {
        return new App(AppProps.builder()
                .context(Map.of(
                        "target", "aws",
                        "sample:certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/sample",
                        "sample:domainName", "svc-connect.sample.example.com"))
                .build());
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .toList();
    }
}
