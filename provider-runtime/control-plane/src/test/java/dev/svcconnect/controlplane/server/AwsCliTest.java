package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.AwsCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of the Service Connect launch announcement, run with Debian's AWS CLI against a
 * control plane: create the cluster with its default namespace, register the task definition,
 * create the service with Service Connect, then describe them and list the namespace's services.
 */
class AwsCliTest {

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

    private JsonNode aws(String... args) throws IOException {
        return Json.mapper().readTree(cli.ok(args));
    }

    @Test
    void theAnnouncementsCommandsWorkAgainstTheControlPlane() throws Exception {
        Path taskDefinition = home.resolve("webui-svc-cluster.json");
        Files.writeString(taskDefinition, """
                {
                  "family": "webui-svc-cluster",
                  "networkMode": "awsvpc",
                  "requiresCompatibilities": ["FARGATE"],
                  "cpu": "256",
                  "memory": "512",
                  "containerDefinitions": [{
                    "name": "webui",
                    "image": "public.ecr.aws/docker/library/nginx:latest",
                    "essential": true,
                    "portMappings": [{"name": "webui-port", "containerPort": 80, "protocol": "tcp", "appProtocol": "http"}]
                  }]
                }
                """);

        JsonNode cluster = aws(
                        "ecs",
                        "create-cluster",
                        "--cluster-name",
                        "svc-cluster-2",
                        "--service-connect-defaults",
                        "namespace=svc-namespace")
                .get("cluster");
        JsonNode registered = aws("ecs", "register-task-definition", "--cli-input-json", "file://" + taskDefinition)
                .get("taskDefinition");
        JsonNode created = aws(
                        "ecs",
                        "create-service",
                        "--cluster",
                        "svc-cluster-2",
                        "--service-name",
                        "webui",
                        "--task-definition",
                        "webui-svc-cluster",
                        "--desired-count",
                        "1",
                        "--launch-type",
                        "FARGATE",
                        "--network-configuration",
                        "awsvpcConfiguration={subnets=[subnet-1],assignPublicIp=DISABLED}",
                        "--service-connect-configuration",
                        """
                        {"enabled": true, "namespace": "svc-namespace", "services": [{"portName": "webui-port",
                         "discoveryName": "webui-svc", "clientAliases": [{"port": 80, "dnsName": "webui-svc-domain"}]}]}
                        """)
                .get("service");

        assertThat(cluster.get("clusterArn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/svc-cluster-2");
        assertThat(registered.get("taskDefinitionArn").asText()).endsWith(":task-definition/webui-svc-cluster:1");
        assertThat(created.get("status").asText()).isEqualTo("ACTIVE");

        JsonNode describedCluster = aws("ecs", "describe-clusters", "--clusters", "svc-cluster-2")
                .get("clusters")
                .get(0);
        assertThat(describedCluster
                        .get("serviceConnectDefaults")
                        .get("namespace")
                        .asText())
                .contains(":namespace/ns-");
        JsonNode described = aws("ecs", "describe-services", "--cluster", "svc-cluster-2", "--services", "webui")
                .get("services")
                .get(0);
        JsonNode deployment = described.get("deployments").get(0);
        assertThat(deployment.get("status").asText()).isEqualTo("PRIMARY");
        JsonNode alias = deployment
                .get("serviceConnectConfiguration")
                .get("services")
                .get(0)
                .get("clientAliases")
                .get(0);
        assertThat(alias.get("dnsName").asText()).isEqualTo("webui-svc-domain");
        assertThat(alias.get("port").asInt()).isEqualTo(80);
        assertThat(deployment
                        .get("serviceConnectResources")
                        .get(0)
                        .get("discoveryName")
                        .asText())
                .isEqualTo("webui-svc");
        JsonNode taskDefinitionDescribed = aws(
                        "ecs", "describe-task-definition", "--task-definition", "webui-svc-cluster")
                .get("taskDefinition");
        assertThat(taskDefinitionDescribed
                        .get("containerDefinitions")
                        .get(0)
                        .get("portMappings")
                        .get(0)
                        .get("name")
                        .asText())
                .isEqualTo("webui-port");
        assertThat(aws("ecs", "list-services-by-namespace", "--namespace", "svc-namespace")
                        .get("serviceArns"))
                .extracting(JsonNode::asText)
                .containsExactly("arn:aws:ecs:us-east-1:000000000000:service/svc-cluster-2/webui");
        assertThat(aws("servicediscovery", "list-services")
                        .get("Services")
                        .get(0)
                        .get("Name")
                        .asText())
                .isEqualTo("webui-svc");
    }
}
