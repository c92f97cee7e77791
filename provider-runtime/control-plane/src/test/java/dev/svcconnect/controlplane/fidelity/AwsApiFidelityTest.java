package dev.svcconnect.controlplane.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.api.ecs.HostAgents;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import dev.svcconnect.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The API fidelity suite: the same ECS and Cloud Map calls ({@link FidelityScenario}), made with
 * the AWS SDK against moto's server and against a real control plane, and the answers' field names
 * and JSON types compared ({@link JsonShapes}). Every difference must be in {@link #ALLOWED}, with
 * its reason (docs/control-plane.md, "Differences from AWS"); an allowed difference that is no
 * longer seen fails too, so that the list stays the truth. moto_server is required: without it
 * the suite fails with the reason.
 */
class AwsApiFidelityTest {

    /** Both sides are signed for one region, so that ARNs compare alike. */
    private static final Region REGION = Region.US_EAST_1;

    private static final String SERVICE =
            "(CreateService service|DescribeServices services\\[\\]|UpdateService service" + "|DeleteService service)";
    private static final String CLUSTER =
            "(CreateCluster cluster|DescribeClusters clusters\\[\\]|UpdateCluster cluster)";
    private static final String TASK = "(RunTask tasks\\[\\]|DescribeTasks tasks\\[\\]|StopTask task)";
    private static final String TASK_DEFINITION =
            "(RegisterTaskDefinition|DescribeTaskDefinition" + "|DeregisterTaskDefinition) taskDefinition";
    private static final String CONTAINER_INSTANCE =
            "(DescribeContainerInstances containerInstances\\[\\]" + "|DeregisterContainerInstance containerInstance)";
    private static final String NAMESPACE = "(ListNamespaces Namespaces\\[\\]|GetNamespace Namespace)";
    private static final String CLOUD_MAP_SERVICE =
            "(CreateService \\(Cloud Map\\) Service|GetService \\(Cloud Map\\) Service"
                    + "|ListServices \\(Cloud Map\\) Services\\[\\])";

    /**
     * The reviewed differences: a pattern of {@code "STEP PATH"} keys to the reason, checked
     * against the AWS API's own model (botocore's service-2.json, which the AWS CLI reads).
     * "moto lacks": AWS answers the field and so do we, moto 5.x does not. "moto adds": moto
     * answers what AWS's model does not have. Each is also in docs/control-plane.md.
     */
    static final Map<String, String> ALLOWED = allowed();

    private static Map<String, String> allowed() {
        Map<String, String> allowed = new LinkedHashMap<>();
        String motoLacks = "moto lacks: AWS answers it (API reference) and so do we";
        allowed.put(NAMESPACE + "\\.ServiceCount", motoLacks);
        allowed.put(NAMESPACE + "\\.UpdateDate", "moto adds: Namespace has no UpdateDate in AWS's model");
        allowed.put(
                NAMESPACE + "\\.SvcConnectMutualTls",
                "ours adds: whether the namespace's hops between proxies are mutual TLS (ENABLED, or DISABLED by"
                        + " its tag svc-connect:mutual-tls); the AWS CLI and SDKs ignore a member their model lacks");
        allowed.put(
                NAMESPACE + "\\.Properties\\.DnsProperties",
                "deliberate: an HTTP namespace has no hosted zone and no SOA record; we answer HttpProperties only");
        allowed.put(
                "UpdateHttpNamespace (OperationId|operationId)",
                "moto answers 'operationId'; AWS's member is 'OperationId', as we answer");
        allowed.put(
                CLUSTER + "\\.(attachments|capacityProviders|defaultCapacityProviderStrategy|statistics)", motoLacks);
        allowed.put(
                "DescribeClusters clusters\\[\\]\\.settings",
                "moto adds: it answers a cluster's settings always; ECS (and we) only with include SETTINGS");
        allowed.put("RegisterTaskDefinition tags", motoLacks);
        allowed.put(
                TASK_DEFINITION + "\\.(registeredAt|deregisteredAt|containerDefinitions\\[\\]\\.healthCheck\\."
                        + "(interval|retries|startPeriod|timeout)|containerDefinitions\\[\\]\\.portMappings\\[\\]\\."
                        + "(hostPort|protocol))",
                "moto lacks: AWS answers the defaults it applied (health check 30/5/3/0, protocol tcp, hostPort"
                        + " = containerPort with awsvpc) and the registration times; so do we");
        allowed.put(
                SERVICE + "\\.(createdAt|createdBy|deploymentConfiguration|enableECSManagedTags|enableExecuteCommand"
                        + "|placementConstraints|placementStrategy|platformFamily|platformVersion"
                        + "|deployments\\[\\]\\.(platformVersion|serviceConnectConfiguration|serviceConnectResources))",
                motoLacks);
        allowed.put(
                SERVICE + "\\.networkConfiguration",
                "moto answers a networkConfiguration the call did not give; we answer the one given, if any");
        allowed.put(
                SERVICE + "\\.taskSets",
                "moto answers an empty taskSets for every service; AWS has task sets only with the EXTERNAL"
                        + " deployment controller, which we do not support, so we leave the field out");
        allowed.put(
                TASK + "\\.(attributes|availabilityZone|containers\\[\\]\\.networkBindings|cpu|createdAt|healthStatus"
                        + "|memory|overrides\\.(containerOverrides|inferenceAcceleratorOverrides)|platformFamily"
                        + "|platformVersion|version|executionStoppedAt|stopCode|stoppedAt|stoppingAt)",
                motoLacks);
        allowed.put(
                TASK + "\\.(stoppedReason|containers\\[\\]\\.exitCode)",
                "moto adds: it answers a stoppedReason and an exitCode for a task that has not stopped;"
                        + " AWS and we answer them once it stopped");
        allowed.put(
                TASK + "\\.containers\\[\\]\\.(cpu|memory)",
                "ours lacks: a container's cpu and memory (AWS: strings copied from the container definition;"
                        + " moto answers numbers); the task's cpu and memory are answered");
        allowed.put(CONTAINER_INSTANCE + "\\.version", motoLacks);
        allowed.put(
                CONTAINER_INSTANCE + "\\.(registeredResources|remainingResources)\\[\\]\\.(doubleValue|longValue"
                        + "|stringSetValue)",
                "deliberate: we answer the value of each resource's type (integerValue for CPU and MEMORY);"
                        + " ECS and moto also answer zeros in the other value fields");
        allowed.put(
                CONTAINER_INSTANCE + "\\.versionInfo\\.(agentHash|dockerVersion)",
                "deliberate: our hosts run processes, not Docker; versionInfo carries the agent's version");
        allowed.put(
                "DeregisterContainerInstance containerInstance\\.attributes\\[\\]\\.(name|value)",
                "moto lacks: moto answers no attributes; ECS and we answer the host's (ecs.os-type, ...)");
        allowed.put(CLOUD_MAP_SERVICE + "\\.InstanceCount", motoLacks);
        allowed.put(
                CLOUD_MAP_SERVICE + "\\.Type",
                "moto answers null; AWS and we answer HTTP for a service of an HTTP namespace");
        allowed.put(
                "ListInstances Instances\\[\\]\\.CreatorRequestId",
                "moto adds: InstanceSummary has no CreatorRequestId in AWS's model (GetInstance's Instance has)");
        allowed.put(
                "(DeleteCluster|DescribeTaskDefinition) \\(missing\\) Message",
                "moto spells an ECS error's message 'Message'; ECS and we answer 'message' (the SDK reads both)");
        allowed.put(
                "CreateHttpNamespace \\(taken\\) (OperationId|__type|message)",
                "moto creates a second namespace of a taken name; AWS answers NamespaceAlreadyExists, as we do");
        return allowed;
    }

    @TempDir
    Path data;

    @Test
    void ecsAndCloudMapAnswersHaveTheFieldsAndTypesOfAwsAsMotoEmulatesIt() throws Exception {
        Map<String, JsonNode> aws;
        try (MotoServer moto = MotoServer.start()) {
            aws = runAgainstMoto(moto.endpoint());
        }
        Map<String, JsonNode> ours;
        try (ControlPlaneFixture controlPlane = new ControlPlaneFixture(data)) {
            ours = runAgainst(controlPlane);
        }

        assertThat(ours.keySet()).containsExactlyElementsOf(aws.keySet());
        List<JsonShapes.Difference> differences = new ArrayList<>();
        aws.forEach((step, answer) -> differences.addAll(JsonShapes.compare(step, answer, ours.get(step))));
        List<String> unexplained = differences.stream()
                .filter(d -> allowedBy(d).isEmpty())
                .map(JsonShapes.Difference::toString)
                .toList();
        Set<String> used =
                differences.stream().flatMap(d -> allowedBy(d).stream()).collect(Collectors.toSet());
        Set<String> stale = new TreeSet<>(ALLOWED.keySet());
        stale.removeAll(used);

        assertThat(unexplained)
                .as("differences from moto that are neither fixed nor listed in ALLOWED with a reason")
                .isEmpty();
        assertThat(stale).as("allowed differences no longer seen: remove them").isEmpty();
    }

    /** The patterns of {@link #ALLOWED} that match a difference's key. */
    private static List<String> allowedBy(JsonShapes.Difference difference) {
        return ALLOWED.keySet().stream()
                .filter(pattern -> Pattern.matches(pattern, difference.key()))
                .toList();
    }

    private Map<String, JsonNode> runAgainstMoto(URI endpoint) throws IOException {
        AwsCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fidelity", "fidelity"));
        WireRecorder recorder = new WireRecorder();
        AwsCli cli =
                AwsCli.withKey(endpoint, Files.createDirectories(data.resolve("cli-home")), "fidelity", "fidelity");
        String subnet = Json.mapper()
                .readTree(cli.ok("ec2", "describe-subnets"))
                .path("Subnets")
                .path(0)
                .path("SubnetId")
                .asText();
        String securityGroup = Json.mapper()
                .readTree(cli.ok("ec2", "describe-security-groups", "--group-names", "default"))
                .path("SecurityGroups")
                .path(0)
                .path("GroupId")
                .asText();
        try (EcsClient ecs = ecs(endpoint, credentials, recorder);
                ServiceDiscoveryClient cloudMap = cloudMap(endpoint, credentials, recorder)) {
            return FidelityScenario.run(new FidelityScenario.Side(
                    ecs,
                    cloudMap,
                    recorder,
                    // As the ECS agent of an EC2 instance does: moto checks that the instance exists.
                    cluster -> ecs.registerContainerInstance(b -> b.cluster(cluster)
                            .instanceIdentityDocument("{\"instanceId\":\"" + ec2Instance(cli) + "\"}")),
                    subnet,
                    securityGroup));
        }
    }

    private static Map<String, JsonNode> runAgainst(ControlPlaneFixture controlPlane) {
        WireRecorder recorder = new WireRecorder();
        URI endpoint = controlPlane.server.endpoint();
        HostAgents agents = new HostAgents(endpoint, controlPlane.server.adminCredentials());
        try (EcsClient ecs = ecs(endpoint, controlPlane.credentials, recorder);
                ServiceDiscoveryClient cloudMap = cloudMap(endpoint, controlPlane.credentials, recorder)) {
            return FidelityScenario.run(new FidelityScenario.Side(
                    ecs,
                    cloudMap,
                    recorder,
                    cluster -> {
                        try {
                            agents.register(cluster, "EC2", 1024, 2048);
                        } catch (IOException e) {
                            throw new IllegalStateException("registering a host of " + cluster, e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    },
                    "subnet-0a1b2c3d",
                    "sg-0a1b2c3d"));
        }
    }

    private static String ec2Instance(AwsCli cli) {
        try {
            return Json.mapper()
                    .readTree(
                            cli.ok("ec2", "run-instances", "--image-id", "ami-12345678", "--instance-type", "t3.micro"))
                    .path("Instances")
                    .path(0)
                    .path("InstanceId")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EcsClient ecs(URI endpoint, AwsCredentialsProvider credentials, WireRecorder recorder) {
        return EcsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        c -> c.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(recorder))
                .build();
    }

    private static ServiceDiscoveryClient cloudMap(
            URI endpoint, AwsCredentialsProvider credentials, WireRecorder recorder) {
        return ServiceDiscoveryClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))
                        .addExecutionInterceptor(recorder)
                        // DiscoverInstances' "data-" host prefix would leave 127.0.0.1.
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }
}
