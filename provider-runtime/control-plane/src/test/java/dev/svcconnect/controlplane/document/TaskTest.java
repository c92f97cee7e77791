package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTest {

    private static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/web/0123abcd";

    @TempDir
    Path data;

    private static Task task(String json) throws Exception {
        return Task.of((ObjectNode) Json.mapper().readTree(json));
    }

    private static Task serviceTask() throws Exception {
        return task("""
                {"taskArn": "%s", "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/web",
                 "group": "service:api", "startedBy": "ecs-svc/1", "lastStatus": "RUNNING",
                 "desiredStatus": "RUNNING", "cpu": "256", "memory": "512"}
                """.formatted(TASK_ARN));
    }

    @Test
    void aTaskOfAServiceNamesItsServiceItsArnAndItsCluster() throws Exception {
        Task task = serviceTask();

        assertThat(task.id()).isEqualTo("0123abcd");
        assertThat(task.cluster()).isEqualTo("web");
        assertThat(task.serviceName()).contains("api");
        assertThat(task.serviceArn()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/web/api");
        assertThat(task.startedBy()).isEqualTo("ecs-svc/1");
    }

    @Test
    void aTaskOutsideAServiceHasNoOwner() throws Exception {
        Task task = task("{\"taskArn\": \"" + TASK_ARN + "\", \"group\": \"family:api\"}");

        assertThat(task.serviceName()).isEmpty();
        assertThat(task.serviceArn()).isNull();
    }

    @Test
    void statesAnswerRunningPendingLeavingAndWantsToRun() throws Exception {
        Task task = serviceTask();
        assertThat(task.isRunning()).isTrue();
        assertThat(task.wantsToRun()).isTrue();

        task.lastStatus(TaskStatus.ACTIVATING);
        assertThat(task.isPending()).isTrue();
        assertThat(task.isLeaving()).isFalse();

        task.lastStatus(TaskStatus.DEACTIVATING);
        assertThat(task.isLeaving()).isTrue();

        task.markStopped(1000.5);
        assertThat(task.isStopped()).isTrue();
        assertThat(task.wantsToRun()).isFalse();
        assertThat(task.desiredStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(task.stoppedAt()).isEqualTo(1000.5);
    }

    @Test
    void anUnknownStateIsRefusedWithTheFieldAndTheStatesAllowed() throws Exception {
        Task task = task("{\"lastStatus\": \"SLEEPING\"}");

        assertThatThrownBy(task::lastStatus)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lastStatus: SLEEPING (expected one of: PROVISIONING, PENDING, ACTIVATING, RUNNING,"
                        + " DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED)");
    }

    @Test
    void resourcesAreReadFromTheStringsEcsGivesAndCountZeroWhenAbsentOrMalformed() throws Exception {
        assertThat(serviceTask().resources()).isEqualTo(new Resources(256, 512));
        assertThat(task("{\"cpu\": \"1 vCPU\"}").resources()).isEqualTo(Resources.NONE);
    }

    @Test
    void aReportReplacesTheSvcConnectAttributesAndKeepsTheOthersFirst() throws Exception {
        Task task = task("""
                {"attributes": [{"name": "svc-connect.address", "value": "10.0.0.1"},
                                {"name": "ecs.cpu-architecture", "value": "x86_64"}]}
                """);
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Attributes.ADDRESS, "10.0.0.2");
        values.put(Attributes.APP_ADDRESS, null);
        values.put(Attributes.INGRESS_PORT + "web", "15000");

        task.svcConnectAttributes(values);

        assertThat(task.json().get("attributes").toString())
                .isEqualTo("[{\"name\":\"ecs.cpu-architecture\",\"value\":\"x86_64\"},"
                        + "{\"name\":\"svc-connect.address\",\"value\":\"10.0.0.2\"},"
                        + "{\"name\":\"svc-connect.ingress-port.web\",\"value\":\"15000\"}]");
        assertThat(task.svcConnectAttributes())
                .containsExactly(
                        Map.entry(Attributes.ADDRESS, "10.0.0.2"), Map.entry(Attributes.INGRESS_PORT + "web", "15000"));
    }

    @Test
    void theInboundPortIsTheReportedOneThenTheOverrideThenTheContainerPort() throws Exception {
        TaskDefinition definition = TaskDefinition.of((ObjectNode) Json.mapper().readTree("""
                {"containerDefinitions": [{"portMappings": [{"name": "web", "containerPort": 8080}]}]}
                """));
        ServiceConnectEntry plain = ServiceConnectEntry.of(Json.mapper().readTree("{\"portName\": \"web\"}"));
        ServiceConnectEntry overridden = ServiceConnectEntry.of(
                Json.mapper().readTree("{\"portName\": \"web\", \"ingressPortOverride\": 9000}"));
        Task task = serviceTask();

        assertThat(task.inboundPort(definition, plain)).isEqualTo(8080);
        assertThat(task.inboundPort(definition, overridden)).isEqualTo(9000);

        task.svcConnectAttributes(Map.of(Attributes.INGRESS_PORT + "web", "15001"));
        assertThat(task.inboundPort(definition, overridden)).isEqualTo(15001);
    }

    @Test
    void saveWritesTheRowUnderItsIdClusterAndServiceArn() throws Exception {
        Task task = serviceTask();
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                task.save(tx);
                return null;
            });

            store.read(tx -> {
                assertThat(Task.find(tx, TASK_ARN)).contains(task);
                assertThat(Task.inCluster(tx, "arn:aws:ecs:us-east-1:123456789012:cluster/web"))
                        .containsExactly(task);
                assertThat(Task.ofService(tx, task.serviceArn())).containsExactly(task);
                assertThat(tx.list(Table.TASKS, "web")).isEmpty();
                return null;
            });
        }
    }
}
