package dev.svcconnect.controlplane.scheduling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Resources;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.model.Json;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Stored documents for the scheduling tests, in the AWS wire shape. */
final class Documents {

    static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/web";

    private Documents() {}

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Host host(String id, String launchType, int cpu, int memory) {
        return Host.register(
                "arn:aws:ecs:us-east-1:000000000000:container-instance/web/" + id,
                CLUSTER_ARN,
                launchType,
                new Resources(cpu, memory),
                null,
                0,
                Optional.empty());
    }

    static Task task(String id, String lastStatus, String hostArn, int cpu, int memory) {
        ObjectNode json = json("""
                {"taskArn": "arn:aws:ecs:us-east-1:000000000000:task/web/%s", "clusterArn": "%s",
                 "lastStatus": "%s", "desiredStatus": "RUNNING", "launchType": "EC2",
                 "cpu": "%d", "memory": "%d"}
                """.formatted(id, CLUSTER_ARN, lastStatus, cpu, memory));
        Task task = Task.of(json);
        return hostArn == null ? task : task.place(hostArn);
    }

    static Service service(boolean breaker, boolean rollback, String... deployments) {
        return Service.of(json("""
                {"serviceArn": "arn:aws:ecs:us-east-1:000000000000:service/web/api", "serviceName": "api",
                 "clusterArn": "%s", "status": "ACTIVE", "desiredCount": 4, "taskDefinition": "td:9",
                 "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": %s, "rollback": %s}},
                 "deployments": [%s]}
                """.formatted(CLUSTER_ARN, breaker, rollback, String.join(",", deployments))));
    }

    static String deployment(String id, String rolloutState, int failedTasks) {
        return """
                {"id": "%s", "status": "ACTIVE", "taskDefinition": "td:%s", "rolloutState": "%s",
                 "failedTasks": %d}
                """.formatted(id, id.substring(id.length() - 1), rolloutState, failedTasks);
    }
}
