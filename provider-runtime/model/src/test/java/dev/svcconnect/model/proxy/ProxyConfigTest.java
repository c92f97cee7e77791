package dev.svcconnect.model.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void readsTheDocumentedFileFormatAndFillsEcsDefaults() throws Exception {
        String json = """
                {"admin": {"bind": "127.0.0.1:9901"},
                 "listeners": [
                   {"name": "webui", "direction": "outbound", "bind": "127.255.0.1:80", "protocol": "http",
                    "discoveryName": "webui-svc", "endpoints": ["127.0.0.2:8080", "127.0.0.3:8080"]},
                   {"name": "db", "bind": "127.255.0.2:9092", "protocol": "tcp", "endpoints": ["127.0.0.4:9092"]}
                 ]}
                """;

        ProxyConfig config = Json.mapper().readValue(json, ProxyConfig.class).validate();

        ListenerConfig http = config.listeners().get(0);
        assertThat(http.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(http.loadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
        assertThat(http.perRequestTimeoutSeconds()).isEqualTo(15);
        assertThat(http.idleTimeoutSeconds()).isEqualTo(300);
        ListenerConfig tcp = config.listeners().get(1);
        assertThat(tcp.perRequestTimeoutSeconds()).isZero();
        assertThat(tcp.idleTimeoutSeconds()).isEqualTo(3600);
        assertThat(config.drainTimeSeconds()).isEqualTo(20);
    }

    @Test
    void writesWhatItReads() throws Exception {
        ProxyConfig config = ProxyConfig.builder()
                .serviceName("webui")
                .clusterName("svc-cluster-2")
                .listener(ListenerConfig.builder()
                        .name("appserver")
                        .bind("127.255.0.3:8080")
                        .protocol(Protocol.GRPC)
                        .discoveryName("appserver")
                        .endpoint("10.0.0.5:8080")
                        .loadBalancing(LoadBalancing.LEAST_REQUEST)
                        .build())
                .build();

        String json = Json.mapper().writeValueAsString(config);

        assertThat(json).contains("\"protocol\":\"grpc\"", "\"loadBalancing\":\"least_request\"");
        assertThat(Json.mapper().readValue(json, ProxyConfig.class)).isEqualTo(config);
    }

    @Test
    void namesTheListenerFieldThatIsWrong() {
        ProxyConfig config = new ProxyConfig(
                null,
                null,
                null,
                null,
                null,
                java.util.List.of(
                        ListenerConfig.builder().name("a").bind("127.0.0.1:80").build(),
                        new ListenerConfig(
                                "b", null, "127.0.0.1:70000", null, null, null, null, null, null, null, null, null)),
                null);

        assertThatThrownBy(config::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listeners[1].bind port: 70000 (expected: 1-65535)");
    }

    @Test
    void refusesTwoListenersOnOneAddress() {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .listener(
                        ListenerConfig.builder().name("a").bind("127.0.0.1:80").build())
                .listener(
                        ListenerConfig.builder().name("b").bind("127.0.0.1:80").build());

        assertThatThrownBy(builder::build).hasMessage("listeners[1].bind: '127.0.0.1:80' is used by another listener");
    }

    @Test
    void refusesAPerRequestTimeoutOnTcp() {
        ListenerConfig.Builder builder = ListenerConfig.builder()
                .name("db")
                .bind("127.0.0.1:5432")
                .protocol(Protocol.TCP)
                .perRequestTimeoutSeconds(5);

        assertThatThrownBy(builder::build).hasMessageStartingWith("perRequestTimeoutSeconds: 5 (a per-request timeout");
    }

    @Test
    void namesTheAllowedValuesOfAnUnknownProtocol() {
        String json = "{\"name\": \"x\", \"bind\": \"127.0.0.1:1\", \"protocol\": \"http3\"}";

        assertThatThrownBy(() -> Json.mapper().readValue(json, ListenerConfig.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("protocol: http3 (expected one of: http, http2, grpc, tcp)");
    }
}
