package dev.svcconnect.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Every AWS JSON call is verified with SigV4, through the AWS SDK v2 and Debian's AWS CLI: each
 * refusal has its AWS error type, none is retried, and the audit log records them.
 */
class SigV4AuthenticationTest {

    private static final String ECS_TARGET = "AmazonEC2ContainerServiceV20141113.";

    @TempDir
    Path data;

    @TempDir
    Path home;

    private ControlPlaneFixture fixture;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private AccessKey admin() {
        return fixture.server.adminCredentials();
    }

    /** An ECS client with the SDK's default retry strategy: a refusal it retried would show twice in the audit log. */
    private EcsClient ecs(String accessKeyId, String secret, Region region) {
        return EcsClient.builder()
                .endpointOverride(fixture.server.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private JsonNode call(String operation, ObjectNode request) {
        return TestSigning.call(fixture.server.endpoint(), admin(), operation, request);
    }

    private JsonNode createKey(String role, String name) {
        return call(
                "CreateAccessKey",
                Json.mapper().createObjectNode().put("Role", role).put("Name", name));
    }

    private List<JsonNode> auditLines() throws Exception {
        return Files.readAllLines(data.resolve(AuditLog.FILE_NAME)).stream()
                .map(line -> {
                    try {
                        return Json.mapper().readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError(line, e);
                    }
                })
                .toList();
    }

    @Test
    void theAdminProfileFileIsOwnerOnlyAndWorksWithTheCli() throws Exception {
        Path file = data.resolve(AdminCredentialsFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file))
                .startsWith("[svc-connect]\n")
                .contains("aws_access_key_id = " + admin().accessKeyId());
        AwsCli cli = AwsCli.admin(fixture.server.endpoint(), home, data);
        cli.ok("ecs", "create-cluster", "--cluster-name", "c1");
        assertThat(cli.ok("ecs", "list-clusters")).contains("cluster/c1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(AuditLog.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void aRequestWithoutSignatureIsMissingItsAuthenticationToken() throws Exception {
        HttpResponse<String> response = post(ECS_TARGET + "ListClusters", "{}", null);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
    }

    @Test
    void anUnknownKeyIsUnrecognizedByTheSdkAndTheCli() {
        try (EcsClient ecs = ecs("SVCCNOTAKEY000000000", "secret", Region.US_EAST_1)) {
            assertThatThrownBy(ecs::listClusters).isInstanceOfSatisfying(EcsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.statusCode()).isEqualTo(403);
            });
        }
        AwsCli.Result cli = AwsCli.withKey(fixture.server.endpoint(), home, "SVCCNOTAKEY000000000", "secret")
                .run("ecs", "list-clusters");
        assertThat(cli.exitCode()).isNotZero();
        assertThat(cli.output()).contains("UnrecognizedClientException");
    }

    @Test
    void aWrongSecretIsAnInvalidSignatureThatNeitherClientRetries() throws Exception {
        try (EcsClient ecs = ecs(admin().accessKeyId(), "not-the-secret", Region.US_EAST_1)) {
            assertThatThrownBy(() -> ecs.createCluster(b -> b.clusterName("c1")))
                    .isInstanceOfSatisfying(EcsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.numAttempts()).isEqualTo(1);
                    });
        }
        AwsCli.Result cli = AwsCli.withKey(fixture.server.endpoint(), home, admin().accessKeyId(), "not-the-secret")
                .run("ecs", "create-cluster", "--cluster-name", "c2");
        assertThat(cli.output()).contains("InvalidSignatureException");
        assertThat(auditLines())
                .extracting(line -> line.get("operation").asText() + " "
                        + line.get("outcome").asText())
                .containsExactly("CreateCluster InvalidSignatureException", "CreateCluster InvalidSignatureException");
        assertThat(Files.readString(data.resolve(AuditLog.FILE_NAME))).doesNotContain("not-the-secret");
    }

    @Test
    void aSignatureTwentyMinutesOldHasExpired() throws Exception {
        HttpResponse<String> response = post(
                ECS_TARGET + "ListClusters",
                "{}",
                signer(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)), "ecs", "us-east-1"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body())
                .contains("\"__type\":\"InvalidSignatureException\"")
                .contains("Signature expired");
    }

    @Test
    void aScopeWithAMalformedRegionOrAnotherServiceIsRefused() throws Exception {
        try (EcsClient ecs = ecs(admin().accessKeyId(), admin().secretAccessKey(), Region.of("moon"))) {
            assertThatThrownBy(ecs::listClusters).isInstanceOfSatisfying(EcsException.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.getMessage()).contains("not 'moon'").contains("'us-east-1'");
            });
        }
        try (EcsClient ecs = ecs(admin().accessKeyId(), admin().secretAccessKey(), Region.EU_WEST_1)) {
            assertThat(ecs.listClusters().clusterArns()).isEmpty();
        }
        HttpResponse<String> response =
                post(ECS_TARGET + "ListClusters", "{}", signer(Clock.systemUTC(), "servicediscovery", "us-east-1"));
        assertThat(response.body())
                .contains("\"__type\":\"InvalidSignatureException\"")
                .contains("correct service: 'ecs'");
    }

    @Test
    void aSessionTokenIsRefused() {
        try (EcsClient ecs = EcsClient.builder()
                .endpointOverride(fixture.server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(admin().accessKeyId(), admin().secretAccessKey(), "token")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(ecs::listClusters)
                    .isInstanceOfSatisfying(
                            EcsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aReaderReadsButIsRefusedCreateServiceNamingWhatItMayDo() throws Exception {
        fixture.ecs.createCluster(b -> b.clusterName("c1"));
        JsonNode reader = createKey("reader", "dashboards");
        String id = reader.get("AccessKeyId").asText();
        String secret = reader.get("SecretAccessKey").asText();
        try (EcsClient ecs = ecs(id, secret, Region.US_EAST_1)) {
            assertThat(ecs.listClusters().clusterArns()).hasSize(1);
            assertThatThrownBy(() -> ecs.createService(
                            b -> b.cluster("c1").serviceName("web").taskDefinition("web")))
                    .isInstanceOfSatisfying(EcsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .contains("reader 'dashboards' (" + id + ")")
                                .contains("CreateService")
                                .contains("Describe*, List*, Get* and Discover*");
                    });
        }
        AwsCli.Result cli = AwsCli.withKey(fixture.server.endpoint(), home, id, secret)
                .run("ecs", "create-service", "--cluster", "c1", "--service-name", "web", "--task-definition", "web");
        assertThat(cli.output()).contains("AccessDeniedException");
        JsonNode refused = auditLines().get(auditLines().size() - 1);
        assertThat(refused.get("accessKeyId").asText()).isEqualTo(id);
        assertThat(refused.get("role").asText()).isEqualTo("reader");
        assertThat(refused.get("operation").asText()).isEqualTo("CreateService");
        assertThat(refused.get("resource").asText()).isEqualTo("web");
        assertThat(refused.get("outcome").asText()).isEqualTo("AccessDeniedException");
    }

    @Test
    void ssmGetAndDescribeAreAReadersPutAndDeleteAnAdminsAndTheAuditLogNeverHoldsAValue() throws Exception {
        String value = "ssm-audit-" + System.nanoTime();
        fixture.ssm.putParameter(b -> b.name("/prod/db/password").value(value).type(ParameterType.SECURE_STRING));
        JsonNode reader = createKey("reader", "dashboards");
        String id = reader.get("AccessKeyId").asText();
        try (SsmClient ssm = ControlPlaneFixture.ssm(
                fixture.server.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        id, reader.get("SecretAccessKey").asText())))) {
            assertThat(ssm.getParameter(b -> b.name("/prod/db/password").withDecryption(true))
                            .parameter()
                            .value())
                    .isEqualTo(value);
            assertThat(ssm.describeParameters(b -> {}).parameters()).hasSize(1);
            assertThatThrownBy(() -> ssm.putParameter(b ->
                            b.name("/prod/db/password").value(value + "-new").overwrite(true)))
                    .isInstanceOfSatisfying(SsmException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("PutParameter");
                    });
            assertThatThrownBy(() -> ssm.deleteParameter(b -> b.name("/prod/db/password")))
                    .isInstanceOfSatisfying(
                            SsmException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
        fixture.ssm.deleteParameters(b -> b.names("/prod/db/password"));

        List<JsonNode> lines = auditLines();
        assertThat(lines)
                .anySatisfy(line -> {
                    assertThat(line.get("operation").asText()).isEqualTo("PutParameter");
                    assertThat(line.get("resource").asText()).isEqualTo("/prod/db/password");
                    assertThat(line.get("outcome").asText()).isEqualTo("ok");
                })
                .anySatisfy(line -> {
                    assertThat(line.get("accessKeyId").asText()).isEqualTo(id);
                    assertThat(line.get("operation").asText()).isEqualTo("PutParameter");
                    assertThat(line.get("outcome").asText()).isEqualTo("AccessDeniedException");
                })
                .anySatisfy(line -> assertThat(line.get("operation").asText()).isEqualTo("DeleteParameters"))
                .noneSatisfy(line -> assertThat(line.get("operation").asText()).startsWith("Get"));
        assertThat(Files.readString(data.resolve(AuditLog.FILE_NAME))).doesNotContain(value);
    }

    @Test
    void accessKeysAreCreatedListedAndDeletedAndTheirSecretsAreNeitherListedNorAudited() throws Exception {
        JsonNode created = createKey("reader", "ci");
        String id = created.get("AccessKeyId").asText();
        String secret = created.get("SecretAccessKey").asText();
        assertThat(id).startsWith("SVCC").hasSize(20);
        assertThat(secret).hasSize(40);
        JsonNode listed = call("ListAccessKeys", Json.mapper().createObjectNode());
        assertThat(listed.toString()).contains(id).contains("\"ci\"").doesNotContain(secret);
        call("DeleteAccessKey", Json.mapper().createObjectNode().put("AccessKeyId", id));
        try (EcsClient ecs = ecs(id, secret, Region.US_EAST_1)) {
            assertThatThrownBy(ecs::listClusters)
                    .isInstanceOfSatisfying(
                            EcsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        assertThatThrownBy(() -> createKey("agent", "x"))
                .isInstanceOfSatisfying(
                        TestSigning.CallException.class,
                        e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        String audit = Files.readString(data.resolve(AuditLog.FILE_NAME));
        assertThat(audit).contains("\"operation\":\"CreateAccessKey\"").contains("\"operation\":\"DeleteAccessKey\"");
        assertThat(audit).doesNotContain(secret).doesNotContain(admin().secretAccessKey());
        assertThat(Files.readString(data.resolve("store.db"), StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);
    }

    /** Posts an ECS call, signed by {@code signer} when not null. */
    private HttpResponse<String> post(
            String target, String body, java.util.function.Function<SdkHttpRequest, SdkHttpRequest> signer)
            throws Exception {
        URI endpoint = fixture.server.endpoint();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .build();
        SdkHttpRequest signed = signer == null ? request : signer.apply(request);
        HttpRequest.Builder http =
                HttpRequest.newBuilder(endpoint.resolve("/")).POST(HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        return HttpClient.newHttpClient()
                .send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The SDK's signer with the admin key, a given clock, signing name and region. */
    private java.util.function.Function<SdkHttpRequest, SdkHttpRequest> signer(
            Clock clock, String service, String region) {
        return request -> AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(admin().accessKeyId(), admin().secretAccessKey()))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String("{}"))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock.withZone(ZoneOffset.UTC)))
                .request();
    }
}
