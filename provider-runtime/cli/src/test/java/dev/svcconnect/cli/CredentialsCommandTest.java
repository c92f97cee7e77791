package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.model.Json;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc-connect credentials} and {@code join-token}, signing with the admin key of {@code --dir}'s control plane. */
class CredentialsCommandTest {

    @TempDir
    Path dir;

    private JsonNode ok(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CommandLines.run(out, err, args)).as(err.toString()).isZero();
        return Json.mapper().readTree(out.toString());
    }

    @Test
    void keysAreCreatedListedAndDeletedAndJoinTokensCreated() throws Exception {
        try (ControlPlaneServer server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(dir.resolve("data"))
                .build())) {
            String url = server.endpoint().toString();
            String home = dir.toString();
            JsonNode created = ok(
                    "credentials", "create", "--role", "reader", "--name", "ci", "--dir", home, "--control-plane", url);
            String id = created.get("AccessKeyId").asText();
            assertThat(created.get("SecretAccessKey").asText()).hasSize(40);

            JsonNode listed = ok("credentials", "list", "--dir", home, "--control-plane", url);
            assertThat(listed.toString())
                    .contains(id)
                    .doesNotContain(created.get("SecretAccessKey").asText());

            JsonNode token = ok(
                    "join-token", "create", "--cluster", "east", "--ttl", "1h", "--dir", home, "--control-plane", url);
            assertThat(token.get("JoinToken").asText()).matches("[a-z0-9]{8}\\.[a-z0-9]{32}");
            assertThat(token.get("Cluster").asText()).isEqualTo("east");

            ok("credentials", "delete", "--access-key-id", id, "--dir", home, "--control-plane", url);
            assertThat(ok("credentials", "list", "--dir", home, "--control-plane", url)
                            .toString())
                    .doesNotContain(id);

            StringWriter err = new StringWriter();
            assertThat(CommandLines.run(
                            new StringWriter(),
                            err,
                            "join-token",
                            "create",
                            "--cluster",
                            "east",
                            "--ttl",
                            "soon",
                            "--dir",
                            home,
                            "--control-plane",
                            url))
                    .isNotZero();
            assertThat(err.toString()).contains("--ttl: 'soon'");
        }
    }
}
