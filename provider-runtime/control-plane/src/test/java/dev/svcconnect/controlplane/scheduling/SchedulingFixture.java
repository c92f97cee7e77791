package dev.svcconnect.controlplane.scheduling;

import static dev.svcconnect.controlplane.scheduling.Documents.CLUSTER_ARN;
import static dev.svcconnect.controlplane.scheduling.Documents.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Resources;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.watch.TaskReport;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store with one EC2 host, an ACTIVE service {@code api} of 2 tasks publishing port {@code http}
 * as discovery name {@code api} in namespace {@code local}, and the scheduling parts over it.
 */
final class SchedulingFixture implements AutoCloseable {

    static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:000000000000:service/web/api";

    final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    final ResourceNames names = new ResourceNames("000000000000", "us-east-1", clock);
    final CloudMap cloudMap = new CloudMap(names);
    final Scheduling scheduling = new Scheduling(names, cloudMap);
    final Store store;
    private String discoveryServiceId;

    SchedulingFixture(Path data) {
        store = Store.open(data);
        write(tx -> {
            TaskDefinition.of(json("""
                            {"taskDefinitionArn": "arn:aws:ecs:us-east-1:000000000000:task-definition/api:1",
                             "family": "api", "revision": 1, "status": "ACTIVE", "cpu": "256", "memory": "512",
                             "containerDefinitions": [{"name": "app", "image": "app:1",
                               "portMappings": [{"name": "http", "containerPort": 8080}]}]}
                            """)).save(tx);
            cloudMap.createHttpNamespace(tx, "us-east-1", "local", null, null);
            ObjectNode namespace =
                    cloudMap.namespaceByName(tx, "us-east-1", "local").orElseThrow();
            ObjectNode discovery = cloudMap.createService(
                    tx,
                    "us-east-1",
                    "api",
                    namespace.get("Id").asText(),
                    Json.mapper().createObjectNode(),
                    null);
            discoveryServiceId = discovery.get("Id").asText();
            Service service = Service.of(json("""
                    {"serviceArn": "%s", "serviceName": "api", "clusterArn": "%s", "status": "ACTIVE",
                     "desiredCount": 2, "launchType": "EC2", "taskDefinition": "arn:aws:ecs:us-east-1:000000000000:task-definition/api:1", "events": [],
                     "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100,
                       "deploymentCircuitBreaker": {"enable": true, "rollback": true}}}
                    """.formatted(SERVICE_ARN, CLUSTER_ARN)));
            Deployment deployment = Deployment.create(
                    "ecs-svc/1", service, "arn:aws:ecs:us-east-1:000000000000:task-definition/api:1", names.now());
            ArrayNode resources = Json.mapper().createArrayNode();
            resources
                    .addObject()
                    .put("discoveryName", "api")
                    .put("discoveryArn", discovery.get("Arn").asText());
            deployment.serviceConnect(json("""
                            {"enabled": true, "namespace": "%s", "services": [{"portName": "http",
                              "discoveryName": "api"}]}
                            """.formatted(namespace.get("Arn").asText())), resources);
            service.addPrimary(deployment).save(tx);
            Host.register(
                            "arn:aws:ecs:us-east-1:000000000000:container-instance/web/0123456789abcdef0123",
                            CLUSTER_ARN,
                            "EC2",
                            new Resources(1024, 2048),
                            "10.0.0.9",
                            names.now(),
                            Optional.empty())
                    .save(tx);
            return null;
        });
    }

    @Override
    public void close() {
        store.close();
    }

    <T> T write(Function<Transaction, T> work) {
        return store.write(work);
    }

    Service service() {
        return store.read(tx -> Service.find(tx, SERVICE_ARN).orElseThrow());
    }

    List<ObjectNode> instances() {
        return store.read(tx -> cloudMap.instances(tx, discoveryServiceId));
    }

    List<Task> tasks() {
        return store.read(tx -> Task.ofService(tx, SERVICE_ARN));
    }

    void reconcile() {
        write(tx -> {
            scheduling.reconciler().reconcile(tx, Service.find(tx, SERVICE_ARN).orElseThrow());
            return null;
        });
    }

    void report(Task task, String status, String address) {
        write(tx -> scheduling
                .reports()
                .apply(
                        tx,
                        Task.find(tx, task.id()).orElseThrow(),
                        new TaskReport(status, address, null, Map.of(), null, null, null, null, null)));
    }

    TaskReport report(String status, String address, Map<String, Integer> ingressPorts) {
        return new TaskReport(status, address, null, ingressPorts, null, null, null, null, null);
    }
}
