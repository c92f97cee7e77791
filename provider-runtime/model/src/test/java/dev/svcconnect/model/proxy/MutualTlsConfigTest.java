package dev.svcconnect.model.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class MutualTlsConfigTest {

    private static final String APPSERVER = "spiffe://svc-connect.local/ns/svc-namespace/svc/appserver";

    private static ListenerConfig.Builder outbound() {
        return ListenerConfig.builder()
                .name("outbound-appserver")
                .direction(Direction.OUTBOUND)
                .bind("127.255.0.1:80")
                .protocol(Protocol.HTTP)
                .discoveryName("appserver");
    }

    @Test
    void readsMutualTlsListenersFromJson() throws Exception {
        String json = """
                {"trustDomain": "svc-connect.local",
                 "listeners": [
                   {"name": "out", "direction": "outbound", "bind": "127.255.0.1:80", "protocol": "http",
                    "mutualTls": true, "serverIdentity": "%s"},
                   {"name": "in", "direction": "inbound", "bind": "10.0.0.5:8080", "protocol": "grpc",
                    "mutualTls": true}
                 ]}
                """.formatted(APPSERVER);

        ProxyConfig config = Json.mapper().readValue(json, ProxyConfig.class).validate();

        assertThat(config.trustDomain()).isEqualTo("svc-connect.local");
        assertThat(config.listeners()).allMatch(ListenerConfig::mutualTls);
        assertThat(config.listeners().get(0).serverIdentity()).isEqualTo(APPSERVER);
    }

    @Test
    void aListenerIsPlaintextUnlessItSaysOtherwise() {
        assertThat(outbound().build().mutualTls()).isFalse();
    }

    @Test
    void anOutboundListenerWithMutualTlsNamesTheIdentityItExpects() {
        assertThatThrownBy(() -> outbound().mutualTls(true).build())
                .hasMessage("serverIdentity: is required for an outbound listener with mutualTls"
                        + " (expected: the SPIFFE ID of the discovery name it reaches)");
    }

    @Test
    void aServerIdentityWithoutMutualTlsIsRefused() {
        assertThatThrownBy(() -> outbound().serverIdentity(APPSERVER).build())
                .hasMessage("serverIdentity: '" + APPSERVER
                        + "' applies only to an outbound listener with mutualTls: true");
    }

    @Test
    void aServerIdentityMustBeAWorkloadSpiffeId() {
        assertThatThrownBy(() -> outbound().serverIdentity("https://appserver"))
                .hasMessageStartingWith("serverIdentity: 'https://appserver' (expected: a SPIFFE ID such as");
    }

    @Test
    void mutualTlsNeedsTheTrustDomainOfTheServerIdentity() {
        ListenerConfig listener =
                outbound().mutualTls(true).serverIdentity(APPSERVER).build();

        assertThatThrownBy(() -> ProxyConfig.builder().listener(listener).build())
                .hasMessage("listeners[0].mutualTls: true needs the configuration's trustDomain");
        assertThatThrownBy(() -> ProxyConfig.builder()
                        .trustDomain("other.local")
                        .listener(listener)
                        .build())
                .hasMessage("listeners[0].serverIdentity: '" + APPSERVER
                        + "' is of trust domain 'svc-connect.local' (expected: 'other.local')");
        assertThat(ProxyConfig.builder()
                        .trustDomain("svc-connect.local")
                        .listener(listener)
                        .build()
                        .listeners())
                .containsExactly(listener);
    }

    @Test
    void aTrustDomainIsLowerCase() {
        assertThatThrownBy(() -> ProxyConfig.builder().trustDomain("Svc.Local"))
                .hasMessageStartingWith("trustDomain: 'Svc.Local' (expected: 1 to 255 of lower-case letters");
    }
}
