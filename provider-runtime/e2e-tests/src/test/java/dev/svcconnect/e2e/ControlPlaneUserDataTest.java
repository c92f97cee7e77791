package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.constructs.ControlPlane;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.provider.secrets.ProviderSecrets;
import dev.svcconnect.testsupport.MotoServer;
import dev.svcconnect.testsupport.PrivatePostgres;
import dev.svcconnect.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The user data of a {@code ControlPlane} on AWS, as synthesized, run for real by two pretend
 * instances ({@link PretendInstance}: a network namespace each, {@code SVC_CONNECT_SKIP_PACKAGES=1},
 * {@code SVC_CONNECT_ROOT}, and the control plane a child of the script with
 * {@code SVC_CONNECT_NO_SYSTEMD=1}), as the Auto Scaling group starts its two replicas. They fetch
 * svc-connect.jar from moto's S3 and the store's credentials and the data key's seed from moto's
 * Secrets Manager; the store is a PostgreSQL database of this run that admits them with the
 * secret's password on this machine's end of the veth, without TLS
 * ({@code SVC_CONNECT_STORE_SSLMODE=disable}), as RDS would with it. No success signal is sent.
 * Needs root, {@code moto_server} and Debian's PostgreSQL binaries (it fails saying so when one is
 * missing); runs under the heavy lock with the other e2e tests.
 */
class ControlPlaneUserDataTest {

    private static final String REGION = "eu-west-1";
    private static final Path JAR =
            Path.of("../cli/target/svc-connect.jar").toAbsolutePath().normalize();
    /** The store user's password, with characters a shell or a URL would treat specially. */
    private static final String STORE_PASSWORD = "p&ss=w0rd?#x";

    @TempDir
    Path data;

    @Test
    void twoReplicasOnOneStoreServeTlsAndPutTheAdminKeyThatTheProviderSignsWith() throws Exception {
        assertThat(JAR)
                .as("svc-connect.jar (./mvnw -pl provider-runtime/cli -am package)")
                .isRegularFile();
        ControlPlane controlPlane = SynthesizedUserData.controlPlane(REGION, JAR);
        String script = SynthesizedUserData.of(Stack.of(controlPlane), "SVC_CONNECT_STORE_SECRET");
        Matcher jarUrl =
                Pattern.compile("SVC_CONNECT_JAR_URL='(s3://([^/]+)/[^']+)'").matcher(script);
        assertThat(jarUrl.find()).as("the jar's S3 URL in the user data").isTrue();

        try (PretendInstance first = PretendInstance.create(data);
                PretendInstance second = PretendInstance.create(data);
                MotoServer moto = MotoServer.start(first.hostAddress());
                PrivatePostgres postgres =
                        PrivatePostgres.startListeningOn(first.hostAddress(), PretendInstance.NETWORK);
                TestDatabase database = TestDatabase.create(postgres.port())) {
            database.sql("CREATE ROLE svcconnect LOGIN PASSWORD '" + STORE_PASSWORD + "'");
            database.sql("ALTER DATABASE " + database.name() + " OWNER TO svcconnect");

            // As cdk deploy would: the jar published, the store's secret as RDS writes it, the data key's
            // seed and the admin key's placeholder as Secrets Manager generates them.
            MotoAwsCli aws = new MotoAwsCli(moto, REGION);
            aws.run("s3", "mb", "s3://" + jarUrl.group(2));
            aws.run("s3", "cp", JAR.toString(), jarUrl.group(1));
            String storeSecret = aws.createSecret(
                    "store",
                    Json.mapper()
                            .createObjectNode()
                            .put("engine", "postgres")
                            .put("host", first.hostAddress())
                            .put("port", postgres.port())
                            .put("username", "svcconnect")
                            .put("password", STORE_PASSWORD)
                            .put("dbname", database.name())
                            .toString());
            String dataKeySecret =
                    aws.createSecret("data-key", HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
            String adminSecret = aws.createSecret("admin-key", "{\"placeholder\":\"generated\"}");
            String userData = SynthesizedUserData.resolve(
                    script,
                    Map.of(
                            "SVC_CONNECT_REGION",
                            REGION,
                            "SVC_CONNECT_ACCOUNT",
                            "123456789012",
                            "SVC_CONNECT_STORE_HOST",
                            first.hostAddress(),
                            "SVC_CONNECT_STORE_PORT",
                            String.valueOf(postgres.port()),
                            "SVC_CONNECT_STORE_SECRET",
                            storeSecret,
                            "SVC_CONNECT_DATA_KEY_SECRET",
                            dataKeySecret,
                            "SVC_CONNECT_ADMIN_SECRET",
                            adminSecret,
                            "SVC_CONNECT_STACK",
                            "",
                            "SVC_CONNECT_SIGNAL_RESOURCE",
                            ""));
            Map<String, String> environment = new LinkedHashMap<>(aws.environment());
            environment.put("SVC_CONNECT_STORE_SSLMODE", "disable");

            first.start(userData, environment);
            second.start(userData, environment);
            try {
                List<PretendInstance> replicas = List.of(first, second);
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast(
                                "a user data exited (its output is printed)",
                                () -> !first.isRunning() || !second.isRunning())
                        .until(() -> replicas.stream().allMatch(ControlPlaneUserDataTest::putTheAdminKey));

                // Each answers over TLS on its address, with its own CA; one leads the scheduler.
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(
                                () -> replicas.stream()
                                        .map(r -> health(r).path("role").asText())
                                        .collect(Collectors.toSet()),
                                Set.of("leader", "follower")::equals);
                for (PretendInstance replica : replicas) {
                    assertThat(health(replica).path("store").asText()).isEqualTo("postgresql");
                    assertThat(replica.root().resolve("opt/svc-connect/svc-connect.jar"))
                            .hasSameBinaryContentAs(JAR);
                }
                theAdminSecretHoldsTheStoresKeyAndTheProviderSignsWithIt(moto, adminSecret, first, second);
            } finally {
                first.stop();
                second.stop();
                System.out.println("first instance's user data output:\n" + first.output());
                System.out.println("second instance's user data output:\n" + second.output());
            }
        }
    }

    private static void theAdminSecretHoldsTheStoresKeyAndTheProviderSignsWithIt(
            MotoServer moto, String adminSecret, PretendInstance first, PretendInstance second) throws Exception {
        // Both replicas wrote the one key of their shared store.
        String credentials = Files.readString(first.root().resolve("var/lib/svc-connect/admin-credentials"));
        assertThat(second.root().resolve("var/lib/svc-connect/admin-credentials"))
                .hasContent(credentials);
        AwsCredentialsProvider admin;
        try (SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                        .endpointOverride(moto.endpoint())
                        .region(Region.of(REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
                ProviderSecrets secrets = new ProviderSecrets(secretsManager)) {
            admin = secrets.adminCredentials(adminSecret);
        }
        assertThat(credentials)
                .contains("aws_access_key_id = " + admin.resolveCredentials().accessKeyId() + "\n")
                .contains(
                        "aws_secret_access_key = " + admin.resolveCredentials().secretAccessKey() + "\n");

        // Signed with that key, a cluster made through one replica is seen through the other.
        try (EcsClient throughFirst = Hosts.ecs(endpoint(first), admin, caBundle(first));
                EcsClient throughSecond = Hosts.ecs(endpoint(second), admin, caBundle(second))) {
            throughFirst.createCluster(b -> b.clusterName("apps"));
            assertThat(throughSecond.describeClusters(b -> b.clusters("apps")).clusters())
                    .singleElement()
                    .satisfies(cluster -> assertThat(cluster.status()).isEqualTo("ACTIVE"));
        }
        AwsCredentialsProvider madeUp = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAMADEUPKEY0000000", "made-up-secret-access-key"));
        try (EcsClient refused = Hosts.ecs(endpoint(first), madeUp, caBundle(first))) {
            assertThatThrownBy(() -> refused.describeClusters(b -> b.clusters("apps")))
                    .isInstanceOfSatisfying(
                            EcsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        assertThat(first.output())
                .contains("svc-connect user data: running the control plane as a child of this script")
                .contains("svc-connect user data: svc-connect-control-plane started; admin key "
                        + admin.resolveCredentials().accessKeyId() + " in the admin secret");
    }

    /** Whether the replica's user data says it put the admin key into its secret. */
    private static boolean putTheAdminKey(PretendInstance replica) {
        return replica.output().contains("in the admin secret");
    }

    /** {@code GET /health} of the replica over TLS, trusting the CA its control plane made. */
    private static JsonNode health(PretendInstance replica) {
        HttpClient client = CaBundle.httpClient(caBundle(replica))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(endpoint(replica).resolve("/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("GET /health: %s", response.body())
                    .isEqualTo(200);
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET /health of " + replica.address() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static URI endpoint(PretendInstance replica) {
        return URI.create("https://" + replica.address() + ":" + ControlPlane.INSTANCE_PORT);
    }

    private static Optional<CaBundle> caBundle(PretendInstance replica) {
        return Optional.of(CaBundle.read(replica.root().resolve("var/lib/svc-connect/tls/ca.pem")));
    }
}
