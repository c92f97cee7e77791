package dev.svcconnect.controlplane.scheduling;

import static dev.svcconnect.controlplane.scheduling.Documents.CLUSTER_ARN;
import static dev.svcconnect.controlplane.scheduling.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.api.ecs.TaskReport;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Resources;
import dev.svcconnect.controlplane.document.RolloutState;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.document.TaskStatus;
import dev.svcconnect.controlplane.metrics.TestClock;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling parts together against a real store and Cloud Map registry, without a server. */
class ServiceReconcilerTest {

    private static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:000000000000:service/web/api";

    @TempDir
    Path data;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ResourceNames names = new ResourceNames("000000000000", "us-east-1", clock);
    private final CloudMap cloudMap = new CloudMap(names);
    private final Scheduling scheduling = new Scheduling(names, cloudMap);
    private Store store;
    private String discoveryServiceId;

    @BeforeEach
    void start() {
        store = Store.open(data);
        write(tx -> {
            TaskDefinition.of(json("""
                            {"taskDefinitionArn": "arn:aws:ecs:us-east-1:000000000000:task-definition/api:1",
                             "family": "api", "revision": 1, "status": "ACTIVE", "cpu": "256", "memory": "512",
                             "containerDefinitions": [{"name": "app", "image": "app:1",
                               "portMappings": [{"name": "http", "containerPort": 8080}]}]}
                            """)).save(tx);
            cloudMap.createHttpNamespace(tx, "local", null, null);
            ObjectNode namespace = cloudMap.namespaceByName(tx, "local").orElseThrow();
            ObjectNode discovery = cloudMap.createService(
                    tx, "api", namespace.get("Id").asText(), Json.mapper().createObjectNode(), null);
            discoveryServiceId = discovery.get("Id").asText();
            Service service = Service.of(json("""
                    {"serviceArn": "%s", "serviceName": "api", "clusterArn": "%s", "status": "ACTIVE",
                     "desiredCount": 2, "launchType": "EC2", "taskDefinition": "api:1", "events": [],
                     "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100,
                       "deploymentCircuitBreaker": {"enable": true, "rollback": true}}}
                    """.formatted(SERVICE_ARN, CLUSTER_ARN)));
            Deployment deployment = Deployment.create("ecs-svc/1", service, "api:1", names.now());
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

    @AfterEach
    void stop() {
        store.close();
    }

    private <T> T write(Function<Transaction, T> work) {
        return store.write(work);
    }

    private Service service() {
        return store.read(tx -> Service.find(tx, SERVICE_ARN).orElseThrow());
    }

    private List<ObjectNode> instances() {
        return store.read(tx -> cloudMap.instances(tx, discoveryServiceId));
    }

    private List<Task> tasks() {
        return store.read(tx -> Task.ofService(tx, SERVICE_ARN));
    }

    private void reconcile() {
        write(tx -> {
            scheduling.reconciler().reconcile(tx, Service.find(tx, SERVICE_ARN).orElseThrow());
            return null;
        });
    }

    private void report(Task task, String status, String address) {
        write(tx -> scheduling
                .reports()
                .apply(
                        tx,
                        Task.find(tx, task.id()).orElseThrow(),
                        new TaskReport(status, address, null, Map.of(), null, null, null, null, null)));
    }

    @Test
    void aReconciledServiceLaunchesItsDesiredTasksOnTheHost() {
        reconcile();

        assertThat(tasks()).hasSize(2).allSatisfy(task -> {
            assertThat(task.lastStatus()).isEqualTo(TaskStatus.PROVISIONING);
            assertThat(task.hostArn()).endsWith("/0123456789abcdef0123");
            assertThat(task.resources()).isEqualTo(new Resources(256, 512));
            assertThat(task.startedBy()).isEqualTo("ecs-svc/1");
        });
        assertThat(service().primary().pendingCount()).isEqualTo(2);
    }

    @Test
    void runningTasksAreRegisteredInCloudMapAndCompleteTheDeployment() {
        reconcile();
        List<Task> tasks = tasks();

        report(tasks.get(0), "RUNNING", "10.0.0.9");
        report(tasks.get(1), "RUNNING", "10.0.0.9");

        assertThat(instances())
                .extracting(i -> i.get("Id").asText())
                .containsExactlyInAnyOrder(tasks.get(0).id(), tasks.get(1).id());
        Deployment primary = service().primary();
        assertThat(primary.rolloutState()).isEqualTo(RolloutState.COMPLETED);
        assertThat(primary.runningCount()).isEqualTo(2);
    }

    @Test
    void aTaskThatStopsUnaskedCountsAsFailedLeavesCloudMapAndIsReplaced() {
        reconcile();
        Task first = tasks().get(0);
        report(first, "RUNNING", "10.0.0.9");

        report(first, "STOPPED", null);

        assertThat(service().primary().failedTasks()).isEqualTo(1);
        assertThat(instances()).isEmpty();
        assertThat(tasks()).filteredOn(Task::wantsToRun).hasSize(2);
        Task stopped = store.read(tx -> Task.find(tx, first.id()).orElseThrow());
        assertThat(stopped.json().get("stopCode").asText()).isEqualTo("EssentialContainerExited");
    }

    @Test
    void aDeploymentWhoseTasksKeepFailingTripsTheBreakerWithAnEvent() {
        reconcile();
        for (int i = 0; i < 3; i++) {
            Task task = tasks().stream().filter(Task::wantsToRun).findFirst().orElseThrow();
            report(task, "STOPPED", null);
        }

        Service service = service();
        assertThat(service.primary().rolloutState()).isEqualTo(RolloutState.FAILED);
        assertThat(service.latestEventMessage())
                .isEqualTo("(service api) (deployment ecs-svc/1) deployment failed: tasks failed to start.");
    }
}
