package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.Protocol;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDefinitionTest {

    @TempDir
    Path data;

    private static TaskDefinition revision(int revision, String status) throws Exception {
        return TaskDefinition.of((ObjectNode) Json.mapper().readTree("""
                {"taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:%d",
                 "family": "web", "revision": %d, "status": "%s", "compatibilities": ["EC2"],
                 "containerDefinitions": [
                   {"name": "app", "portMappings": [{"name": "http", "containerPort": 8080, "appProtocol": "http"}]},
                   {"name": "db", "healthCheck": {"command": ["true"]},
                    "portMappings": [{"name": "pg", "containerPort": 5432}]}]}
                """.formatted(revision, revision, status)));
    }

    @Test
    void portMappingsAreFoundByNameAcrossContainers() throws Exception {
        TaskDefinition definition = revision(1, "ACTIVE");

        assertThat(definition.portMapping("http").map(PortMapping::protocol)).contains(Protocol.HTTP);
        assertThat(definition.portMapping("pg").map(PortMapping::containerPort)).contains(5432);
        assertThat(definition.portMapping("pg").map(PortMapping::protocol)).contains(Protocol.TCP);
        assertThat(definition.portMapping("grpc")).isEmpty();
        assertThat(definition.hasHealthChecks()).isTrue();
        assertThat(definition.supports("EC2")).isTrue();
        assertThat(definition.supports("FARGATE")).isFalse();
    }

    @Test
    void theFamilysArnAloneMeansItsLatestActiveRevision() throws Exception {
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                try {
                    revision(1, "ACTIVE").save(tx);
                    revision(2, "ACTIVE").save(tx);
                    revision(3, "INACTIVE").save(tx);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });

            store.read(tx -> {
                String family = "arn:aws:ecs:us-east-1:123456789012:task-definition/web";
                assertThat(TaskDefinition.find(tx, family).map(TaskDefinition::revision))
                        .contains(2);
                assertThat(TaskDefinition.find(tx, family + ":3").map(TaskDefinition::revision))
                        .contains(3);
                assertThat(TaskDefinition.revisions(tx, family)).hasSize(3);
                assertThat(TaskDefinition.find(tx, family.replace("us-east-1", "eu-west-1")))
                        .isEmpty();
                assertThat(TaskDefinition.find(tx, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1")
                                .map(TaskDefinition::familyRevision))
                        .contains("web:1");
                return null;
            });
        }
    }
}
