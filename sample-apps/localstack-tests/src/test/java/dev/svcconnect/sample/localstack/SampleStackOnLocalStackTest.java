package dev.svcconnect.sample.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The sample's AWS stack ({@code -c target=aws}) deployed to LocalStack with the CDK CLI pinned in
 * {@code package.json}: {@code cdk bootstrap}, then {@code cdk deploy --no-rollback}, as a user
 * would against an account, with the endpoint settings LocalStack documents for the CDK CLI
 * ({@link CdkCli}). Needs a Docker engine and {@code LOCALSTACK_AUTH_TOKEN} (the image is LocalStack
 * Pro: RDS, Auto Scaling and ELBv2 are not in the free tier); without either it fails at once saying
 * what is missing ({@link LocalStackPrerequisites}). Run only by the root pom's {@code localstack}
 * profile: {@value LocalStackPrerequisites#RUN}.
 *
 * <p>What LocalStack really provides, and so what this checks: the bootstrap stack, the upload of
 * every file asset (the svc-connect and sample jars, the provider's Lambda code) to its S3, the
 * template accepted by its CloudFormation, the public SSM parameter of the Amazon Linux 2023 AMI
 * resolved, and these resources created and described by their own APIs: the control plane's Auto
 * Scaling group (2 instances), its internal Network Load Balancer, its RDS PostgreSQL instance, its
 * secrets, and the provider's two Lambda functions with runtime {@code java21}, which LocalStack runs
 * in containers: the provider's first event runs our handler for real.
 *
 * <p>What it cannot reach, and so what it checks instead of {@code CREATE_COMPLETE}: LocalStack's EC2
 * instances run no user data, so no instance runs the control plane, puts the admin key into its
 * secret or sends the success signal (the test relies on LocalStack not waiting for the group's
 * {@code ResourceSignal}s; should it wait, the group fails after 20 minutes and so does this test);
 * the provider signs only with that admin key, so the mesh's custom resources fail, each naming the
 * secret that holds no admin key yet. The stack therefore ends {@code CREATE_FAILED}, kept as it is by
 * {@code --no-rollback}, and the host fleet's Auto Scaling group is never created: it waits for the
 * join token that the failed fleet resource would have put. Nor can it check the NLB's TLS listener
 * serving, the RDS store used by a control plane, IAM policies as AWS evaluates them, or the stack's
 * outputs: the AWS stack declares none (its page's load balancer is only declared for the local
 * target). The stack is only as it stands in LocalStack's emulation, which the project has not run:
 * its machines have no Docker engine.
 */
class SampleStackOnLocalStackTest {

    private static final Path ROOT = Path.of(System.getProperty("svcconnect.rootDir", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final Path WORK = Path.of(System.getProperty("localstack.work.dir", "target/localstack"))
            .toAbsolutePath()
            .normalize();
    /**
     * Pinned; {@code -Dlocalstack.image=...} tries another. Every service it needs (CloudFormation, S3,
     * ECR, SSM, IAM, KMS, EC2, Auto Scaling, ELBv2, RDS, Secrets Manager, Lambda, Step Functions,
     * CloudWatch Logs, ACM) starts on first use, so {@code SERVICES} does not restrict them.
     */
    private static final DockerImageName IMAGE = DockerImageName.parse(
                    System.getProperty("localstack.image", "localstack/localstack-pro:4.7.0"))
            .asCompatibleSubstituteFor("localstack/localstack");

    private static final String STACK = "SvcConnectSample";
    private static final String DOMAIN = "svc-connect.sample.test";
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "us-east-1";
    private static final String AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup";
    private static final String SECRET = "AWS::SecretsManager::Secret";
    private static final String FUNCTION = "AWS::Lambda::Function";

    @Test
    void theSamplesAwsStackDeploysItsInfrastructureAndItsMeshResourcesWaitForARunningControlPlane() throws Exception {
        String token = new LocalStackPrerequisites(
                        System.getenv(), DockerClientFactory.instance().isDockerAvailable(), ROOT)
                .requireAll();

        try (LocalStackContainer localStack = new LocalStackContainer(IMAGE)
                .withEnv(LocalStackPrerequisites.AUTH_TOKEN, token)
                // A java21 function's first start includes pulling its runtime image.
                .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "180")
                .withStartupTimeout(Duration.ofMinutes(5))) {
            localStack.start();
            URI endpoint = localStack.getEndpoint();
            CdkCli.Result deploy = bootstrapAndDeploy(endpoint);
            DeployedStack stack;
            try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), endpoint)) {
                stack = DeployedStack.read(cloudFormation, STACK);
            }

            assertThat(stack.status())
                    .as("the stack's status after cdk deploy (%s):%n%s", deploy.log(), deploy.tail(60))
                    .isEqualTo("CREATE_FAILED");
            assertThat(deploy.exitCode()).as("cdk deploy's exit code").isNotZero();
            theControlPlanesInfrastructureIsCreated(endpoint, stack);
            theProviderFunctionsRunJava21AndCallTheControlPlanesDomain(endpoint, stack);
            theMeshResourcesFailForWantOfTheAdminKeyAndTheFleetWaitsForThem(endpoint, stack);
        }
    }

    /** {@code cdk bootstrap}, which must succeed, then {@code cdk deploy} of the sample for AWS. */
    private static CdkCli.Result bootstrapAndDeploy(URI endpoint) throws Exception {
        String certificate;
        try (AcmClient acm = client(AcmClient.builder(), endpoint)) {
            certificate = acm.requestCertificate(b -> b.domainName(DOMAIN)).certificateArn();
        }
        CdkCli cdk = new CdkCli(ROOT, endpoint, REGION, WORK);
        CdkCli.Result bootstrap =
                cdk.run("bootstrap", Duration.ofMinutes(10), "bootstrap", "aws://" + ACCOUNT + "/" + REGION);
        assertThat(bootstrap.exitCode())
                .as("cdk bootstrap (%s):%n%s", bootstrap.log(), bootstrap.tail(40))
                .isZero();
        return cdk.run(
                "deploy",
                Duration.ofMinutes(40),
                "deploy",
                STACK,
                "-c",
                "target=aws",
                "-c",
                "sample:certificateArn=" + certificate,
                "-c",
                "sample:domainName=" + DOMAIN,
                "--require-approval",
                "never",
                "--no-rollback",
                "--progress",
                "events",
                "--output",
                WORK.resolve("cdk.out").toString());
    }

    private static void theControlPlanesInfrastructureIsCreated(URI endpoint, DeployedStack stack) {
        try (RdsClient rds = client(RdsClient.builder(), endpoint);
                ElasticLoadBalancingV2Client elb = client(ElasticLoadBalancingV2Client.builder(), endpoint);
                AutoScalingClient autoScaling = client(AutoScalingClient.builder(), endpoint);
                SecretsManagerClient secrets = client(SecretsManagerClient.builder(), endpoint)) {
            DBInstance store = rds.describeDBInstances(
                            b -> b.dbInstanceIdentifier(stack.created("AWS::RDS::DBInstance", "ControlPlaneStore")))
                    .dbInstances()
                    .get(0);
            assertThat(store.engine()).isEqualTo("postgres");
            assertThat(store.dbName()).isEqualTo("svcconnect");

            LoadBalancer loadBalancer = elb.describeLoadBalancers(b -> b.loadBalancerArns(
                            stack.created("AWS::ElasticLoadBalancingV2::LoadBalancer", "ControlPlaneLoadBalancer")))
                    .loadBalancers()
                    .get(0);
            assertThat(loadBalancer.typeAsString()).isEqualTo("network");
            assertThat(loadBalancer.schemeAsString()).isEqualTo("internal");

            AutoScalingGroup instances = autoScaling
                    .describeAutoScalingGroups(
                            b -> b.autoScalingGroupNames(stack.created(AUTO_SCALING_GROUP, "ControlPlaneInstances")))
                    .autoScalingGroups()
                    .get(0);
            assertThat(List.of(instances.minSize(), instances.desiredCapacity(), instances.maxSize()))
                    .containsOnly(2);

            for (String secret : List.of(
                    stack.created(SECRET, "ControlPlaneAdminKey"),
                    stack.created(SECRET, "ControlPlaneDataKey"),
                    stack.created(SECRET, "SvcConnectSampleControlPlaneStoreSecret"))) {
                assertThat(secrets.describeSecret(b -> b.secretId(secret)).arn())
                        .isEqualTo(secret);
            }
        }
    }

    private static void theProviderFunctionsRunJava21AndCallTheControlPlanesDomain(URI endpoint, DeployedStack stack) {
        try (LambdaClient lambda = client(LambdaClient.builder(), endpoint)) {
            for (String handler : List.of("OnEvent", "IsComplete")) {
                GetFunctionConfigurationResponse function = lambda.getFunctionConfiguration(
                        b -> b.functionName(stack.created(FUNCTION, "SvcConnectProvider" + handler)));
                assertThat(function.runtimeAsString()).isEqualTo("java21");
                assertThat(function.handler())
                        .isEqualTo("dev.svcconnect.provider." + handler + "Handler::handleRequest");
                assertThat(function.environment().variables())
                        .containsEntry("SVC_CONNECT_ENDPOINT", "https://" + DOMAIN)
                        .containsEntry("SVC_CONNECT_ADMIN_SECRET", stack.created(SECRET, "ControlPlaneAdminKey"));
            }
        }
    }

    /**
     * No instance ran the control plane, so its admin key's secret still holds the placeholder the
     * stack generated; our handler, run by LocalStack's Lambda, fails on it. Its message is in the
     * resources' failure reasons, or, should the Java runtime report only the class it could not
     * construct, in the function's log.
     */
    private static void theMeshResourcesFailForWantOfTheAdminKeyAndTheFleetWaitsForThem(
            URI endpoint, DeployedStack stack) {
        String adminSecret = stack.created(SECRET, "ControlPlaneAdminKey");
        List<String> failures = stack.creationFailures("Custom::SvcConnect");
        try (SecretsManagerClient secrets = client(SecretsManagerClient.builder(), endpoint);
                CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder(), endpoint)) {
            assertThat(secrets.getSecretValue(b -> b.secretId(adminSecret)).secretString())
                    .as("the admin key's secret")
                    .contains("\"placeholder\"");
            assertThat(failures).as("the mesh's resources that failed").isNotEmpty();
            String onEvent = stack.created(FUNCTION, "SvcConnectProviderOnEvent");
            assertThat(String.join("\n", failures) + "\n" + logOf(logs, onEvent))
                    .as("why the mesh's resources failed")
                    .contains("the secret " + adminSecret + " holds no admin key yet");
        }
        assertThat(stack.named(AUTO_SCALING_GROUP, "Cluster1HostsInstances"))
                .as("the host fleet's group, which waits for its join token")
                .noneMatch(r -> "CREATE_COMPLETE".equals(r.resourceStatusAsString()));
    }

    /** What the Lambda function {@code name} logged, empty when it logged nothing. */
    private static String logOf(CloudWatchLogsClient logs, String name) {
        try {
            return logs.filterLogEventsPaginator(b -> b.logGroupName("/aws/lambda/" + name)).events().stream()
                    .map(FilteredLogEvent::message)
                    .collect(Collectors.joining());
        } catch (ResourceNotFoundException e) {
            return "";
        }
    }

    /** A client of {@code builder}'s service at LocalStack's endpoint, with its test key. */
    private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
