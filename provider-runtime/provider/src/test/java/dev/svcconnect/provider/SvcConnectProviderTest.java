package dev.svcconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.testsupport.FreePorts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SvcConnectProviderTest {

    private String endpoint;
    private ControlPlane controlPlane;
    private SvcConnectProvider provider;

    @BeforeEach
    void pointAtAPortNothingListensOn() throws IOException {
        endpoint = "http://127.0.0.1:" + FreePorts.next();
        controlPlane = ControlPlane.connect(
                endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("SVCCNOBODYLISTENS000", "unused")));
        provider = new SvcConnectProvider(controlPlane);
    }

    @AfterEach
    void close() {
        controlPlane.close();
    }

    @Test
    void handlesEveryCustomResourceType() {
        assertThat(provider.resourceTypes())
                .containsExactly(
                        "Custom::SvcConnectNamespace",
                        "Custom::SvcConnectCluster",
                        "Custom::SvcConnectHostFleet",
                        "Custom::SvcConnectTaskDefinition",
                        "Custom::SvcConnectService",
                        "Custom::SvcConnectLoadBalancer",
                        "Custom::SvcConnectAccessPolicy");
    }

    @Test
    void rejectsATypeItDoesNotHandleNamingTheOnesItDoes() {
        assertThatThrownBy(() -> provider.onEvent(Events.create("Custom::Other", "Thing", Map.of())))
                .isInstanceOf(ProviderException.class)
                .hasMessage("ResourceType: 'Custom::Other' of resource Thing is not handled by svc-connect (expected"
                        + " one of: Custom::SvcConnectNamespace, Custom::SvcConnectCluster, Custom::SvcConnectHostFleet,"
                        + " Custom::SvcConnectTaskDefinition, Custom::SvcConnectService, Custom::SvcConnectLoadBalancer,"
                        + " Custom::SvcConnectAccessPolicy)");
    }

    @Test
    void anUnreachableControlPlaneIsAFailureThatSaysWhatToDo() {
        OnEventHandler handler = new OnEventHandler(provider);

        assertThatThrownBy(() -> handler.handleRequest(
                        Events.create("Custom::SvcConnectCluster", "Cluster", Map.of("ClusterName", "apps")), null))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("Custom::SvcConnectCluster 'Cluster': Create could not reach the control plane"
                        + " at " + endpoint + " (")
                .hasMessageEndingWith("); start it with 'svc-connect control-plane' or set the stack parameter"
                        + " SvcConnectEndpoint to its URL");
    }

    @Test
    void isCompleteReportsTheSameReasonWhenTheControlPlaneIsGone() {
        IsCompleteHandler handler = new IsCompleteHandler(provider);
        Map<String, Object> event = Events.update(
                "Custom::SvcConnectService",
                "Api",
                "arn:aws:ecs:us-east-1:123456789012:service/apps/api",
                Map.of("Cluster", "apps"),
                Map.of());

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .hasMessageContaining(
                        "Custom::SvcConnectService 'Api': Update could not reach the control plane at " + endpoint);
    }

    @Test
    void aMalformedPropertyFailsBeforeAnyCall() {
        Map<String, Object> event = Events.create(
                "Custom::SvcConnectService",
                "Api",
                Map.of("Cluster", "apps", "TaskDefinition", "api:1", "DesiredCount", "two"));

        assertThatThrownBy(() -> provider.onEvent(event))
                .hasMessage("Custom::SvcConnectService 'Api': DesiredCount: 'two' (expected: an integer)");
    }

    @Test
    void aTaskDefinitionWithoutContainersFailsBeforeAnyCall() {
        Map<String, Object> event = Events.create(
                "Custom::SvcConnectTaskDefinition", "Task", Map.of("Family", "api", "ContainerDefinitions", List.of()));

        assertThatThrownBy(() -> provider.onEvent(event))
                .hasMessage("Custom::SvcConnectTaskDefinition 'Task': ContainerDefinitions: is required (expected: at"
                        + " least one container)");
    }

    @Test
    void aDeleteNeedsOnlyThePhysicalId() {
        Map<String, Object> event = Events.create("Custom::SvcConnectNamespace", "Ns", null);
        event.put("RequestType", "Delete");
        event.put("PhysicalResourceId", "internal");

        assertThatThrownBy(() -> provider.onEvent(event))
                .hasMessageContaining("Custom::SvcConnectNamespace 'Ns': Delete could not reach the control plane");
    }

    @Test
    void rejectsAnEndpointThatIsNotAUrl() {
        assertThatThrownBy(() -> ControlPlane.connect("127.0.0.1:7700"))
                .hasMessage("SVC_CONNECT_ENDPOINT: '127.0.0.1:7700' (expected: an http:// or https:// URL such as"
                        + " http://127.0.0.1:7700, or empty for AWS)");
    }
}
