package dev.svcconnect.controlplane.api.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.api.ecs.HostAgents;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A task's container {@code secrets} as its agent reads them ({@code GET
 * /watch/v1/tasks/{taskId}/secrets}): each container's own, by parameter name or ARN; a missing
 * parameter or a Secrets Manager secret is a {@code ResourceInitializationError} naming it; the
 * ECS API shows {@code valueFrom}, never a value.
 */
class ContainerSecretsTest {

    private static final String PASSWORD = "pw-9d1c-secret";
    private static final String TOKEN = "tok-51ab-secret";

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private HostAgents agents;
    /** The registration of the one host, whose agent's key reads its tasks' secrets. */
    private JsonNode agent;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fixture = new ControlPlaneFixture(data);
        fixture.ecs.createCluster(b -> b.clusterName("apps"));
        agents = new HostAgents(fixture.server.endpoint(), fixture.server.adminCredentials());
        agent = agents.registerAgent("apps", "EC2", 4096, 8192);
        fixture.ssm.putParameter(
                b -> b.name("/prod/db/password").value(PASSWORD).type(ParameterType.SECURE_STRING));
        fixture.ssm.putParameter(b -> b.name("api-token").value(TOKEN).type(ParameterType.STRING));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void eachContainerGetsItsOwnSecretsByParameterNameOrArn() throws Exception {
        String taskId = run(
                secret("DB_PASSWORD", "arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/password"),
                secret("API_TOKEN", "api-token"));

        HttpResponse<String> answer = secrets(taskId);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(answer.body()))
                .isEqualTo(Json.mapper()
                        .readTree("{\"containers\":{\"app\":{\"DB_PASSWORD\":\"" + PASSWORD + "\",\"API_TOKEN\":\""
                                + TOKEN + "\"}}}"));
    }

    @Test
    void describeAndListAnswersShowValueFromNeverTheValue() throws Exception {
        String taskId = run(secret("DB_PASSWORD", "/prod/db/password"));

        String described =
                fixture.ecs.describeTaskDefinition(b -> b.taskDefinition("app")).toString()
                        + fixture.ecs
                                .describeTasks(b -> b.cluster("apps").tasks(taskId))
                                .toString()
                        + fixture.ssm.describeParameters(b -> {}).toString();

        assertThat(fixture.ecs
                        .describeTaskDefinition(b -> b.taskDefinition("app"))
                        .taskDefinition()
                        .containerDefinitions()
                        .get(0)
                        .secrets())
                .containsExactly(Secret.builder()
                        .name("DB_PASSWORD")
                        .valueFrom("/prod/db/password")
                        .build());
        assertThat(described).doesNotContain(PASSWORD);
    }

    @Test
    void aParameterThatDoesNotExistIsAResourceInitializationErrorNamingIt() throws Exception {
        String taskId = run(secret("DB_PASSWORD", "/prod/db/password"), secret("OTHER", "/prod/missing"));

        HttpResponse<String> answer = secrets(taskId);

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = Json.mapper().readTree(answer.body());
        assertThat(error.path("__type").asText()).isEqualTo("ResourceInitializationError");
        assertThat(error.path("message").asText())
                .isEqualTo("unable to pull secrets or registry auth: execution resource retrieval failed: unable to "
                        + "retrieve secrets from ssm: invalid parameters: /prod/missing");
        assertThat(answer.body()).doesNotContain(PASSWORD);
    }

    @Test
    void aSecretsManagerSecretIsAcceptedByTheTaskDefinitionAndFailsTheTaskAtItsStart() throws Exception {
        String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf";
        String taskId = run(secret("DB", arn));

        HttpResponse<String> answer = secrets(taskId);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(answer.body()).path("message").asText())
                .isEqualTo("unable to pull secrets or registry auth: execution resource retrieval failed: unable to "
                        + "retrieve secret from asm: this control plane serves no Secrets Manager (use an SSM "
                        + "parameter): " + arn);
    }

    @Test
    void anUnknownTaskIsTaskNotFoundToAnAdminAndRefusedToAnAgent() throws Exception {
        String unknown = "0123456789abcdef0123456789abcdef";

        HttpResponse<String> answer = secrets(unknown, TestSigning.bearer(fixture.server.adminCredentials()));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("TaskNotFoundException");
        assertThat(secrets(unknown).statusCode()).isEqualTo(403);
    }

    @Test
    void onlyTheAgentOfTheTasksHostReadsItsSecretsNotAnotherHostsAgentNorAProxy() throws Exception {
        String taskId = run(secret("DB_PASSWORD", "/prod/db/password"));
        JsonNode otherHost = agents.registerAgent("apps", "EC2", 4096, 8192);
        JsonNode proxyKey = Json.mapper()
                .readTree(http.send(
                                HttpRequest.newBuilder(fixture.server
                                                .endpoint()
                                                .resolve("/watch/v1/tasks/" + taskId + "/proxy-key"))
                                        .header("Authorization", bearer(agent))
                                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());

        HttpResponse<String> otherAgent = secrets(taskId, bearer(otherHost));
        HttpResponse<String> proxy = secrets(taskId, bearer(proxyKey));
        HttpResponse<String> nobody = secrets(taskId, null);

        assertThat(secrets(taskId).statusCode()).isEqualTo(200);
        for (HttpResponse<String> refused : List.of(otherAgent, proxy)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(Json.mapper().readTree(refused.body()).path("__type").asText())
                    .isEqualTo("AccessDeniedException");
            assertThat(refused.body()).doesNotContain(PASSWORD);
        }
        assertThat(nobody.statusCode()).isEqualTo(403);
        assertThat(nobody.body())
                .contains("MissingAuthenticationTokenException")
                .doesNotContain(PASSWORD);
    }

    private static String bearer(JsonNode key) {
        return "Bearer " + key.get("accessKeyId").asText() + ":"
                + key.get("secretAccessKey").asText();
    }

    private static Secret secret(String name, String valueFrom) {
        return Secret.builder().name(name).valueFrom(valueFrom).build();
    }

    /** Registers {@code app} with its container's secrets and a container without, runs one task, answers its id. */
    private String run(Secret... secrets) {
        fixture.ecs.registerTaskDefinition(b -> b.family("app")
                .cpu("256")
                .memory("512")
                .containerDefinitions(
                        ContainerDefinition.builder()
                                .name("app")
                                .command("sleep", "60")
                                .secrets(secrets)
                                .build(),
                        ContainerDefinition.builder()
                                .name("logger")
                                .command("sleep", "60")
                                .build()));
        String arn = fixture.ecs
                .runTask(b -> b.cluster("apps").taskDefinition("app").launchType("EC2"))
                .tasks()
                .get(0)
                .taskArn();
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The task's secrets, as the agent of its host reads them. */
    private HttpResponse<String> secrets(String taskId) throws Exception {
        return secrets(taskId, bearer(agent));
    }

    private HttpResponse<String> secrets(String taskId, String authorization) throws Exception {
        URI uri = fixture.server.endpoint().resolve("/watch/v1/tasks/" + taskId + "/secrets");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
