package dev.svcconnect.controlplane.api.cloudmap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.Programs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cloud Map operations as {@code aws servicediscovery} calls them, against a control plane on port 0. */
class CloudMapCliTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Runs {@code aws servicediscovery ARGS} with the admin key; answers its JSON output. */
    private JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "env",
                "AWS_ACCESS_KEY_ID=" + fixture.server.adminCredentials().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY=" + fixture.server.adminCredentials().secretAccessKey(),
                "AWS_DEFAULT_REGION=us-east-1",
                "AWS_CONFIG_FILE=/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                "AWS_DISABLE_HOST_PREFIX_INJECTION=true",
                "aws",
                "--endpoint-url",
                fixture.server.endpoint().toString(),
                "--output",
                "json",
                "servicediscovery"));
        command.addAll(List.of(args));
        Programs.Result result = Programs.run(command);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out().isBlank()
                ? Json.mapper().createObjectNode()
                : Json.mapper().readTree(result.out());
    }

    @Test
    void theCliCreatesTagsUpdatesPagesListsOperationsAndDiscovers() throws Exception {
        String created = aws("create-http-namespace", "--name", "shop", "--tags", "Key=team,Value=checkout")
                .path("OperationId")
                .asText();
        String namespaceId = aws("get-operation", "--operation-id", created)
                .path("Operation")
                .path("Targets")
                .path("NAMESPACE")
                .asText();
        JsonNode service = aws("create-service", "--name", "cart", "--namespace-id", namespaceId)
                .path("Service");
        String serviceId = service.path("Id").asText();
        for (String instance : List.of("i-1", "i-2", "i-3")) {
            aws(
                    "register-instance",
                    "--service-id",
                    serviceId,
                    "--instance-id",
                    instance,
                    "--attributes",
                    "AWS_INSTANCE_IPV4=10.0.0.1,AWS_INSTANCE_PORT=8080");
        }
        aws("tag-resource", "--resource-arn", service.path("Arn").asText(), "--tags", "Key=tier,Value=web");
        String updated = aws("update-service", "--id", serviceId, "--service", "Description=carts")
                .path("OperationId")
                .asText();

        assertThat(aws("list-instances", "--service-id", serviceId, "--page-size", "1")
                        .path("Instances")
                        .findValuesAsText("Id"))
                .containsExactly("i-1", "i-2", "i-3");
        assertThat(aws("list-operations", "--filters", "Name=TYPE,Values=UPDATE_SERVICE,Condition=EQ")
                        .path("Operations")
                        .findValuesAsText("Id"))
                .containsExactly(updated);
        assertThat(aws(
                                "list-tags-for-resource",
                                "--resource-arn",
                                service.path("Arn").asText())
                        .path("Tags")
                        .findValuesAsText("Value"))
                .containsExactly("web");
        assertThat(aws("discover-instances", "--namespace-name", "shop", "--service-name", "cart")
                        .path("Instances")
                        .findValuesAsText("InstanceId"))
                .containsExactlyInAnyOrder("i-1", "i-2", "i-3");
        assertThat(aws("get-service", "--id", serviceId)
                        .path("Service")
                        .path("Description")
                        .asText())
                .isEqualTo("carts");
    }

    @Test
    void theMutualTlsOptOutIsTheNamespaceTagAndGetAndListNamespacesAnswerIt() throws Exception {
        String operationId = aws("create-http-namespace", "--name", "shop")
                .path("OperationId")
                .asText();
        String id = aws("get-operation", "--operation-id", operationId)
                .at("/Operation/Targets/NAMESPACE")
                .asText();
        String arn = aws("get-namespace", "--id", id).at("/Namespace/Arn").asText();
        assertThat(answered("GetNamespace", "{\"Id\": \"" + id + "\"}")
                        .at("/Namespace/SvcConnectMutualTls")
                        .asText())
                .isEqualTo("ENABLED");

        aws("tag-resource", "--resource-arn", arn, "--tags", "Key=svc-connect:mutual-tls,Value=disabled");

        assertThat(aws("list-tags-for-resource", "--resource-arn", arn)
                        .path("Tags")
                        .toString())
                .isEqualTo("[{\"Key\":\"svc-connect:mutual-tls\",\"Value\":\"disabled\"}]");
        assertThat(aws("get-namespace", "--id", id).at("/Namespace/Name").asText())
                .as("the AWS CLI reads the answer")
                .isEqualTo("shop");
        assertThat(answered("GetNamespace", "{\"Id\": \"" + id + "\"}")
                        .at("/Namespace/SvcConnectMutualTls")
                        .asText())
                .isEqualTo("DISABLED");
        assertThat(answered("ListNamespaces", "{}")
                        .at("/Namespaces/0/SvcConnectMutualTls")
                        .asText())
                .isEqualTo("DISABLED");

        aws("untag-resource", "--resource-arn", arn, "--tag-keys", "svc-connect:mutual-tls");
        assertThat(answered("GetNamespace", "{\"Id\": \"" + id + "\"}")
                        .at("/Namespace/SvcConnectMutualTls")
                        .asText())
                .isEqualTo("ENABLED");
    }

    /** The JSON a Cloud Map operation answers, as it came over the wire (the CLI shows only AWS's members). */
    private JsonNode answered(String operation, String body) throws Exception {
        URI uri = fixture.server.endpoint().resolve("/");
        String target = "Route53AutoNaming_v20170314." + operation;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        TestSigning.signAws(request, uri, target, body, fixture.server.adminCredentials(), "servicediscovery");
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
