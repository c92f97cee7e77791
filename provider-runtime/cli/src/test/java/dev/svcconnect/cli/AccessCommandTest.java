package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.model.Json;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * {@code svc-connect access put|get|list|delete} against a control plane with a namespace and a
 * Cloud Map service made with the AWS SDK, signing with the admin key of {@code --dir}'s control plane.
 */
class AccessCommandTest {

    @TempDir
    Path dir;

    private ControlPlaneServer server;

    @BeforeEach
    void start() {
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(dir.resolve("data"))
                .build());
        var key = server.adminCredentials();
        try (ServiceDiscoveryClient cloudMap = ServiceDiscoveryClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build()) {
            cloudMap.createHttpNamespace(b -> b.name("svc-namespace"));
            String namespaceId =
                    cloudMap.listNamespaces(b -> {}).namespaces().get(0).id();
            cloudMap.createService(b -> b.name("appserver").namespaceId(namespaceId));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] args(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--dir";
        all[args.length + 1] = dir.toString();
        all[args.length + 2] = "--control-plane";
        all[args.length + 3] = server.endpoint().toString();
        return all;
    }

    private String ok(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CommandLines.run(out, err, args(args))).as(err.toString()).isZero();
        return out.toString();
    }

    private String fails(String... args) {
        StringWriter err = new StringWriter();
        assertThat(CommandLines.run(new StringWriter(), err, args(args))).isNotZero();
        return err.toString();
    }

    @Test
    void aPolicyIsPutReadListedAndDeleted() throws Exception {
        JsonNode put = Json.mapper()
                .readTree(ok(
                        "access",
                        "put",
                        "--namespace",
                        "svc-namespace",
                        "--service",
                        "appserver",
                        "--allow",
                        "webui,other-ns/cli"))
                .get("AccessPolicy");
        assertThat(put.get("AllowedCallers")).extracting(JsonNode::asText).containsExactly("webui", "other-ns/cli");

        JsonNode got = Json.mapper()
                .readTree(ok("access", "get", "--namespace", "svc-namespace", "--service", "appserver"))
                .get("AccessPolicy");
        assertThat(got.get("Allows").asText()).isEqualTo("webui, other-ns/cli");
        assertThat(Json.mapper()
                        .readTree(ok("access", "list", "--namespace", "svc-namespace"))
                        .get("AccessPolicies"))
                .hasSize(1);

        assertThat(ok("access", "delete", "--namespace", "svc-namespace", "--service", "appserver"))
                .isEqualTo("removed the access policy of appserver in svc-namespace: every service of its namespace"
                        + " may call it again" + System.lineSeparator());
        assertThat(Json.mapper()
                        .readTree(ok("access", "get", "--namespace", "svc-namespace", "--service", "appserver"))
                        .at("/AccessPolicy/Default")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void errorsAreOneLineNamingWhatIsWrong() {
        assertThat(fails(
                        "access", "put", "--namespace", "svc-namespace", "--service", "appserver", "--allow", "Web UI"))
                .contains("InvalidParameterException: AllowedCallers[0]: 'Web UI' (expected: SERVICE,");
        assertThat(fails("access", "get", "--namespace", "nope", "--service", "appserver"))
                .contains("NamespaceNotFound: Namespace 'nope' not found.");
        assertThat(fails("access", "put", "--namespace", "svc-namespace", "--service", "db", "--allow", "webui"))
                .contains("ServiceNotFound: Service: no service 'db' in namespace 'svc-namespace'");
        assertThat(fails("access", "put", "--namespace", "svc-namespace", "--service", "appserver"))
                .contains("Missing required option: '--allow=CALLER'");
        assertThat(fails("access", "delete", "--namespace", "svc-namespace", "--service", "appserver"))
                .contains("ResourceNotFoundException");
    }
}
