package dev.svcconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderEventTest {

    @Test
    void readsEveryFieldTheFrameworkSends() {
        Map<String, Object> raw = Events.update(
                "Custom::SvcConnectCluster",
                "Cluster",
                "apps",
                Map.of("ClusterName", "apps"),
                Map.of("ClusterName", "old"));
        raw.put("Data", Map.of("Arn", "arn:aws:ecs:us-east-1:1:cluster/apps"));

        ProviderEvent event = ProviderEvent.fromMap(raw);

        assertThat(event.requestType()).isEqualTo(RequestType.UPDATE);
        assertThat(event.resourceType()).isEqualTo("Custom::SvcConnectCluster");
        assertThat(event.logicalResourceId()).isEqualTo("Cluster");
        assertThat(event.physicalResourceId()).isEqualTo("apps");
        assertThat(event.stackId()).isEqualTo(Events.STACK_ID);
        assertThat(event.properties().string("ClusterName")).isEqualTo("apps");
        assertThat(event.oldProperties().string("ClusterName")).isEqualTo("old");
        assertThat(event.data()).containsEntry("Arn", "arn:aws:ecs:us-east-1:1:cluster/apps");
        assertThat(event.resourceName()).isEqualTo("Custom::SvcConnectCluster 'Cluster'");
    }

    @Test
    void rejectsAnUnknownRequestType() {
        Map<String, Object> raw = Events.create("Custom::SvcConnectCluster", "Cluster", Map.of());
        raw.put("RequestType", "Upsert");

        assertThatThrownBy(() -> ProviderEvent.fromMap(raw))
                .hasMessage("RequestType: 'Upsert' (expected: Create, Update, Delete)");
    }

    @Test
    void rejectsADeleteWithoutPhysicalId() {
        Map<String, Object> raw = Events.create("Custom::SvcConnectCluster", "Cluster", Map.of());
        raw.put("RequestType", "Delete");

        assertThatThrownBy(() -> ProviderEvent.fromMap(raw))
                .hasMessage("PhysicalResourceId: is required for a Delete request (resource Cluster)");
    }

    @Test
    void rejectsPropertiesThatAreNotAnObject() {
        Map<String, Object> raw = Events.create("Custom::SvcConnectCluster", "Cluster", Map.of());
        raw.put("ResourceProperties", "apps");

        assertThatThrownBy(() -> ProviderEvent.fromMap(raw))
                .hasMessage("Custom::SvcConnectCluster 'Cluster': ResourceProperties: expected an object, got 'apps'");
    }

    @Test
    void answersInTheShapeTheFrameworkReads() {
        assertThat(new OnEventResult("apps", Map.of("Arn", "a")).toMap())
                .isEqualTo(Map.of("PhysicalResourceId", "apps", "Data", Map.of("Arn", "a")));
        assertThat(IsCompleteResult.notYet().toMap()).isEqualTo(Map.of("IsComplete", false));
        assertThat(IsCompleteResult.done(Map.of("Arn", "a")).toMap())
                .isEqualTo(Map.of("IsComplete", true, "Data", Map.of("Arn", "a")));
    }
}
