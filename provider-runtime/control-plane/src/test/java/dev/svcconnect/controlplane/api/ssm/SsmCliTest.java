package dev.svcconnect.controlplane.api.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parameter Store commands of Debian's AWS CLI ({@code aws ssm ...}) against a control plane. */
class SsmCliTest {

    private static final String SECRET = "cli-S3cret-4e7b";

    @TempDir
    Path data;

    @TempDir
    Path home;

    private ControlPlaneServer server;
    private AwsCli cli;

    @BeforeEach
    void start() {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
        cli = AwsCli.admin(server.endpoint(), home, data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode aws(String... args) throws IOException {
        return Json.mapper().readTree(cli.ok(args));
    }

    @Test
    void aSecureStringPutWithTheCliIsReadBackInTheClearOnlyWithDecryption() throws Exception {
        JsonNode put =
                aws("ssm", "put-parameter", "--name", "/prod/db/password", "--value", SECRET, "--type", "SecureString");
        JsonNode sealed = aws("ssm", "get-parameter", "--name", "/prod/db/password");
        JsonNode clear = aws("ssm", "get-parameter", "--name", "/prod/db/password", "--with-decryption");

        assertThat(put.path("Version").asInt()).isEqualTo(1);
        assertThat(sealed.path("Parameter").path("Value").asText()).isNotEmpty().doesNotContain(SECRET);
        assertThat(clear.path("Parameter").path("Value").asText()).isEqualTo(SECRET);
        assertThat(clear.path("Parameter").path("ARN").asText())
                .isEqualTo("arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/password");
    }

    @Test
    void overwriteGetParametersDescribeAndDeleteWorkAsTheCliExpects() throws Exception {
        aws("ssm", "put-parameter", "--name", "/app/url", "--value", "http-one", "--type", "String");
        JsonNode overwritten = aws("ssm", "put-parameter", "--name", "/app/url", "--value", "http-two", "--overwrite");
        JsonNode both = aws("ssm", "get-parameters", "--names", "/app/url", "/app/missing");
        JsonNode described =
                aws("ssm", "describe-parameters", "--parameter-filters", "Key=Path,Option=Recursive,Values=/app");
        JsonNode deletedMany = aws("ssm", "delete-parameters", "--names", "/app/url", "/app/missing");

        assertThat(overwritten.path("Version").asInt()).isEqualTo(2);
        assertThat(both.path("Parameters").get(0).path("Value").asText()).isEqualTo("http-two");
        assertThat(both.path("InvalidParameters").toString()).isEqualTo("[\"/app/missing\"]");
        assertThat(described.path("Parameters")).hasSize(1);
        assertThat(described.path("Parameters").get(0).has("Value")).isFalse();
        assertThat(deletedMany.path("DeletedParameters").toString()).isEqualTo("[\"/app/url\"]");
        assertThat(deletedMany.path("InvalidParameters").toString()).isEqualTo("[\"/app/missing\"]");
    }

    @Test
    void eachErrorReachesTheCliWithItsTypeAndMessage() {
        cli.ok("ssm", "put-parameter", "--name", "/dup", "--value", "1", "--type", "String");

        assertRefused(
                "ParameterAlreadyExists",
                "The parameter /dup already exists",
                "ssm",
                "put-parameter",
                "--name",
                "/dup",
                "--value",
                "2",
                "--type",
                "String");
        assertRefused("ParameterNotFound", "Parameter /nope not found.", "ssm", "get-parameter", "--name", "/nope");
        assertRefused("ParameterNotFound", "Parameter /nope not found.", "ssm", "delete-parameter", "--name", "/nope");
        assertRefused(
                "ValidationException",
                "Name: 'ssm-thing' (a parameter name can't begin with 'aws' or 'ssm', in any case)",
                "ssm",
                "put-parameter",
                "--name",
                "ssm-thing",
                "--value",
                "1",
                "--type",
                "String");
        assertRefused(
                "HierarchyLevelLimitExceededException",
                "has 16 levels",
                "ssm",
                "put-parameter",
                "--name",
                "/l".repeat(16),
                "--value",
                "1",
                "--type",
                "String");
        assertRefused(
                "HierarchyTypeMismatchException",
                "its type can't be changed to SecureString",
                "ssm",
                "put-parameter",
                "--name",
                "/dup",
                "--value",
                "1",
                "--type",
                "SecureString",
                "--overwrite");
        assertRefused(
                "InvalidFilterKey",
                "ParameterFilters[0].Key: 'Tier'",
                "ssm",
                "describe-parameters",
                "--parameter-filters",
                "Key=Tier,Values=Standard");
    }

    private void assertRefused(String type, String message, String... args) {
        AwsCli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(254);
        assertThat(result.output()).contains("(" + type + ")").contains(message);
    }
}
