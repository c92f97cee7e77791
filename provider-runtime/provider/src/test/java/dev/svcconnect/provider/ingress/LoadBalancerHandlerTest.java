package dev.svcconnect.provider.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.provider.Events;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancerHandlerTest {

    private final LoadBalancerHandler handler = new LoadBalancerHandler();

    @Test
    void namesTheListenerAndAnswersItsUrl() {
        OnEventResult result = handler.onEvent(create(Map.of(
                "Namespace", "svc-namespace", "DiscoveryName", "webui-svc", "Port", "8800", "Protocol", "http")));

        assertThat(result.physicalResourceId()).isEqualTo("load-balancer/svc-namespace/webui-svc/8800");
        assertThat(result.data()).containsEntry("Url", "http://127.0.0.1:8800");
    }

    @Test
    void rejectsAPortOutOfRangeNamingIt() {
        assertThatThrownBy(
                        () -> handler.onEvent(create(Map.of("Namespace", "ns", "DiscoveryName", "web", "Port", "0"))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("Port: 0 (expected: 1-65535)");
    }

    @Test
    void rejectsAnUnknownProtocol() {
        assertThatThrownBy(() -> handler.onEvent(
                        create(Map.of("Namespace", "ns", "DiscoveryName", "web", "Port", "80", "Protocol", "udp"))))
                .hasMessageContaining("Protocol: 'udp' (expected: http, http2, grpc or tcp)");
    }

    private static ProviderEvent create(Map<String, Object> properties) {
        return ProviderEvent.fromMap(Events.create(LoadBalancerHandler.TYPE, "Lb", properties));
    }
}
