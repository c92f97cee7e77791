package dev.svcconnect.sample.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/** The sample synthesizes for the local engine (the default) and for AWS ({@code -c target=aws}). */
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
        App app = new App(AppProps.builder()
                .context(Map.of(
                        "target", "aws",
                        "sample:certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/sample",
                        "sample:domainName", "svc-connect.sample.example.com"))
                .build());
        Template template = Template.fromStack(SampleApp.declare(app, ROOT));

        template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 2);
        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        template.resourceCountIs("Custom::SvcConnectLoadBalancer", 0);
        template.hasResourceProperties("Custom::SvcConnectHostFleet", Map.of("Count", 2));
        assertThat(template.findParameters("SvcConnectEndpoint")).isEmpty();
    }

    @Test
    void forAwsTheCertificateIsRequired() {
        App app = new App(AppProps.builder().context(Map.of("target", "aws")).build());

        assertThatThrownBy(() -> SampleApp.declare(app, ROOT))
                .hasMessage("context sample:certificateArn is required with -c target=aws (see README.md,"
                        + " \"Deploying to AWS\")");
    }
}
