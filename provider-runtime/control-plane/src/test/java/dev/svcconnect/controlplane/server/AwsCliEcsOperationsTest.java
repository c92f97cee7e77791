package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ECS operations that scripts use every day beyond Service Connect, run with Debian's AWS CLI:
 * tags, task definition families, capacity providers and account settings.
 */
class AwsCliEcsOperationsTest {

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
        if (server != null) {
            server.close();
        }
    }

    /** Runs an aws command; answers its exit code and output. */
    private Result aws(String... args) {
        AwsCli.Result result = cli.run(args);
        return new Result(result.exitCode(), result.output());
    }

    private record Result(int exitCode, String output) {

        JsonNode json() throws IOException {
            assertThat(exitCode).as(output).isZero();
            return Json.mapper().readTree(output);
        }
    }

    @Test
    void tagsFamiliesCapacityProvidersAndAccountSettingsWorkFromTheCli() throws Exception {
        aws("ecs", "create-cluster", "--cluster-name", "cli", "--tags", "key=env,value=dev")
                .json();
        String arn = "arn:aws:ecs:us-east-1:000000000000:cluster/cli";
        aws("ecs", "tag-resource", "--resource-arn", arn, "--tags", "key=team,value=ops");
        aws("ecs", "untag-resource", "--resource-arn", arn, "--tag-keys", "env");
        assertThat(aws("ecs", "list-tags-for-resource", "--resource-arn", arn)
                        .json()
                        .get("tags")
                        .toString())
                .isEqualTo("[{\"key\":\"team\",\"value\":\"ops\"}]");
        Result reserved = aws("ecs", "tag-resource", "--resource-arn", arn, "--tags", "key=aws:x,value=y");
        assertThat(reserved.exitCode()).isNotZero();
        assertThat(reserved.output())
                .contains("(InvalidParameterException)")
                .contains("tags[0].key: 'aws:x' (the aws: prefix is reserved for AWS use)");

        aws(
                        "ecs",
                        "register-task-definition",
                        "--family",
                        "batch",
                        "--container-definitions",
                        "[{\"name\":\"job\",\"command\":[\"true\"]}]")
                .json();
        assertThat(aws("ecs", "list-task-definition-families", "--family-prefix", "ba")
                        .json()
                        .get("families")
                        .toString())
                .isEqualTo("[\"batch\"]");

        JsonNode cluster = aws(
                        "ecs",
                        "put-cluster-capacity-providers",
                        "--cluster",
                        "cli",
                        "--capacity-providers",
                        "FARGATE",
                        "FARGATE_SPOT",
                        "--default-capacity-provider-strategy",
                        "capacityProvider=FARGATE,weight=1")
                .json()
                .get("cluster");
        assertThat(cluster.get("capacityProviders").toString()).isEqualTo("[\"FARGATE\",\"FARGATE_SPOT\"]");

        aws("ecs", "put-account-setting-default", "--name", "containerInsights", "--value", "enabled")
                .json();
        JsonNode settings = aws("ecs", "list-account-settings", "--name", "containerInsights", "--effective-settings")
                .json()
                .get("settings");
        assertThat(settings.get(0).get("value").asText()).isEqualTo("enabled");
    }
}
