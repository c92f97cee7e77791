package dev.svcconnect.e2e.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.sample.cdk.SampleApp;
import dev.svcconnect.testsupport.AwsCli;
import dev.svcconnect.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The sample's AWS template ({@code -c target=aws}: VPC, ControlPlane, the host fleet as an Auto
 * Scaling group, the provider, the services), as {@code cdk synth} writes it, created by moto's
 * CloudFormation as far as moto models its resource types. What moto 5.x cannot create is left out
 * of the template it is given ({@link #LEFT_OUT}, the same list with its reasons in
 * docs/local-engine.md), every reference to a left-out resource replaced by the ARN
 * {@code arn:aws:secretsmanager:us-east-1:ACCOUNT:secret:left-out-LOGICAL_ID}; the rest must reach CREATE_COMPLETE (moto cannot delete it: docs/local-engine.md). It starts
 * no host agent: the local target's custom resources go through {@link MotoCloudFormationTest}.
 */
class MotoAwsTemplateTest {

    private static final Path ROOT = Path.of(System.getProperty("svcconnect.rootDir", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final String STACK = "SampleAws";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** What a reference to a left-out resource becomes, followed by its logical id: an ARN, as moto checks policies' resources. */
    private static final String LEFT_OUT_ARN =
            "arn:aws:secretsmanager:us-east-1:" + CdkBootstrap.ACCOUNT + ":secret:left-out-";

    /** The resource types of the AWS template that moto's CloudFormation cannot create, and why. */
    static final Map<String, String> LEFT_OUT = Map.of(
            "AWS::SecretsManager::Secret",
            "not modelled by moto's CloudFormation: the policies granting it resolve to no resource, which"
                    + " moto refuses (MalformedPolicyDocument)",
            "AWS::SecretsManager::SecretTargetAttachment",
            "not modelled by moto's CloudFormation",
            "AWS::ElasticLoadBalancingV2::Listener",
            "moto's listener takes the protocols HTTP and HTTPS only, not the NLB's TLS",
            "Custom::",
            "the provider calls the control plane behind the TLS listener with the admin key of a Secrets"
                    + " Manager secret, neither of which moto creates");

    @TempDir
    Path work;

    @Test
    void motosCloudFormationCreatesTheAwsTemplateAsFarAsItModelsItsResources() throws Exception {
        Path assembly = synthesizeForAws(work.resolve("cdk.out"));
        ObjectNode template = (ObjectNode) Json.mapper()
                .readTree(assembly.resolve(SampleApp.STACK + ".template.json").toFile());
        Set<String> leftOut = leaveOut(template);
        Path given = Files.writeString(work.resolve("given.template.json"), template.toPrettyString());

        try (MotoServer moto = MotoServer.start()) {
            AwsCli aws = AwsCli.withKey(moto.endpoint(), Files.createDirectories(work.resolve("aws")), "moto", "moto");
            CdkBootstrap.publish(aws, assembly, SampleApp.STACK);
            String stackId = CdkBootstrap.createStack(aws, STACK, given);

            assertThat(awaitStatus(aws, stackId, "CREATE_COMPLETE")).isEqualTo("CREATE_COMPLETE");
            JsonNode resources = Json.mapper()
                    .readTree(aws.ok("cloudformation", "describe-stack-resources", "--stack-name", stackId))
                    .path("StackResources");
            assertThat(resources.findValuesAsText("ResourceStatus")).containsOnly("CREATE_COMPLETE");
            assertThat(types(resources))
                    .contains(
                            "AWS::EC2::VPC",
                            "AWS::EC2::FlowLog",
                            "AWS::EC2::LaunchTemplate",
                            "AWS::AutoScaling::AutoScalingGroup",
                            "AWS::RDS::DBInstance",
                            "AWS::ElasticLoadBalancingV2::LoadBalancer",
                            "AWS::ElasticLoadBalancingV2::TargetGroup",
                            "AWS::Lambda::Function",
                            "AWS::StepFunctions::StateMachine");
            assertThat(leftOut)
                    .allSatisfy(id -> assertThat(resources.toString()).doesNotContain('"' + id + '"'));

            JsonNode groups = Json.mapper().readTree(aws.ok("autoscaling", "describe-auto-scaling-groups"));
            assertThat(groups.path("AutoScalingGroups"))
                    .hasSize(2)
                    .allSatisfy(group -> assertThat(group.path("LaunchTemplate")
                                    .path("LaunchTemplateId")
                                    .asText())
                            .startsWith("lt-"));
            JsonNode databases = Json.mapper().readTree(aws.ok("rds", "describe-db-instances"));
            assertThat(databases.path("DBInstances").path(0).path("Engine").asText())
                    .isEqualTo("postgres");
            assertThat(databases
                            .path("DBInstances")
                            .path(0)
                            .path("StorageEncrypted")
                            .asBoolean())
                    .isTrue();
            JsonNode balancers = Json.mapper().readTree(aws.ok("elbv2", "describe-load-balancers"));
            // moto's CloudFormation makes every ELBv2 load balancer an application one: its Type is not checked.
            assertThat(balancers.path("LoadBalancers").path(0).path("Scheme").asText())
                    .isEqualTo("internal");

            // No delete-stack: moto deletes the VPC before what runs in it and refuses (DependencyViolation).
        }
    }

    /** The sample app for AWS, as {@code cdk synth -c target=aws} writes it. */
    private static Path synthesizeForAws(Path outdir) {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .context(Map.of(
                        "target", "aws",
                        "sample:certificateArn", "arn:aws:acm:us-east-1:" + CdkBootstrap.ACCOUNT + ":certificate/moto",
                        "sample:domainName", "svc-connect.sample.example.com"))
                .build());
        SampleApp.declare(app, ROOT);
        app.synth();
        return outdir;
    }

    /**
     * Removes the resources whose types are {@link #LEFT_OUT}, their {@code DependsOn} entries and the
     * {@code Outputs}, and replaces each {@code Ref} or {@code Fn::GetAtt} naming one by
     * {@link #LEFT_OUT_ARN} and its id; answers the logical ids removed.
     */
    private static Set<String> leaveOut(ObjectNode template) {
        ObjectNode resources = (ObjectNode) template.path("Resources");
        Set<String> removed = new TreeSet<>();
        resources.fields().forEachRemaining(resource -> {
            String type = resource.getValue().path("Type").asText();
            if (LEFT_OUT.keySet().stream().anyMatch(type::startsWith)) {
                removed.add(resource.getKey());
            }
        });
        removed.forEach(resources::remove);
        template.remove("Outputs");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            ObjectNode resource = (ObjectNode) it.next().getValue();
            JsonNode dependsOn = resource.path("DependsOn");
            if (!dependsOn.isMissingNode()) {
                ArrayNode kept = Json.mapper().createArrayNode();
                (dependsOn.isArray()
                                ? dependsOn
                                : Json.mapper().createArrayNode().add(dependsOn))
                        .forEach(d -> {
                            if (!removed.contains(d.asText())) {
                                kept.add(d);
                            }
                        });
                if (kept.isEmpty()) {
                    resource.remove("DependsOn");
                } else {
                    resource.set("DependsOn", kept);
                }
            }
            resource.set("Properties", replaced(resource.path("Properties"), removed));
        }
        return removed;
    }

    private static JsonNode replaced(JsonNode node, Set<String> removed) {
        if (node.isObject()) {
            String named = node.size() == 1 ? referenced(node) : null;
            if (named != null && removed.contains(named)) {
                return TextNode.valueOf(LEFT_OUT_ARN + named);
            }
            ObjectNode copy = Json.mapper().createObjectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), replaced(field.getValue(), removed)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(item -> copy.add(replaced(item, removed)));
            return copy;
        }
        return node;
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} names, else null. */
    private static String referenced(JsonNode node) {
        if (node.has("Ref")) {
            return node.path("Ref").asText();
        }
        if (node.has("Fn::GetAtt")) {
            JsonNode target = node.path("Fn::GetAtt");
            return target.isArray() ? target.path(0).asText() : target.asText().split("\\.")[0];
        }
        return null;
    }

    private static List<String> types(JsonNode resources) {
        List<String> types = new ArrayList<>();
        resources.forEach(r -> types.add(r.path("ResourceType").asText()));
        return types;
    }

    private static String awaitStatus(AwsCli aws, String stackId, String wanted) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, String> last = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            JsonNode stack = Json.mapper()
                    .readTree(aws.ok("cloudformation", "describe-stacks", "--stack-name", stackId))
                    .path("Stacks")
                    .path(0);
            last.put("status", stack.path("StackStatus").asText());
            last.put("reason", stack.path("StackStatusReason").asText());
            if (last.get("status").equals(wanted) || last.get("status").endsWith("FAILED")) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(last.get("status")).as("the stack (%s)", last.get("reason")).isEqualTo(wanted);
        return last.get("status");
    }
}
