package dev.svcconnect.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceConnectRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"webui-svc", "api", "a_b", "0", "_x"})
    void acceptsDiscoveryNamesEcsAccepts(String name) {
        assertThat(ServiceConnectRules.requireDiscoveryName(name, "discoveryName"))
                .isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-api", "Api", "a.b", "a b"})
    void refusesDiscoveryNamesEcsRefuses(String name) {
        assertThatThrownBy(() -> ServiceConnectRules.requireDiscoveryName(name, "services[0].discoveryName"))
                .hasMessage("services[0].discoveryName: '" + name
                        + "' (expected: at most 64 of a-z, 0-9, '_' and '-', not starting with '-')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "svc_cluster-2", "arn:aws:ecs:eu-west-1:000000000000:cluster/shop"})
    void aClusterIsNamedByNameOrByClusterArn(String cluster) {
        assertThat(ServiceConnectRules.isClusterReference(cluster)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a/b",
                "arn:aws:ecs:eu-west-1:000000000000:service/shop/web",
                "arn:aws:ecs:moon:000000000000:cluster/shop",
                "arn:aws:ecs:eu-west-1:0:cluster/shop"
            })
    void anythingElseIsNoClusterReference(String cluster) {
        assertThat(ServiceConnectRules.isClusterReference(cluster)).isFalse();
    }

    @Test
    void refusesADiscoveryNameOf65Characters() {
        assertThatThrownBy(() -> ServiceConnectRules.requireDiscoveryName("a".repeat(65), "discoveryName"))
                .hasMessageContaining("at most 64");
    }

    @Test
    void acceptsDottedDnsNamesAndRefusesALeadingDash() {
        assertThat(ServiceConnectRules.requireDnsName("webui-svc.svc-namespace", "dnsName"))
                .isNotNull();
        assertThatThrownBy(() -> ServiceConnectRules.requireDnsName("-x", "dnsName"))
                .hasMessageStartingWith("dnsName: '-x' (expected: at most 127");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536, -1})
    void refusesPortsOutside1To65535(int port) {
        assertThatThrownBy(() -> ServiceConnectRules.requirePort(port, "port"))
                .hasMessage("port: " + port + " (expected: 1-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", ":80", "::1:80", "host:http", ""})
    void refusesAddressesThatAreNotHostPort(String address) {
        assertThatThrownBy(() -> ServiceConnectRules.requireHostPort(address, "bind"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bind:");
    }

    @Test
    void acceptsBracketedIpv6Addresses() {
        assertThat(ServiceConnectRules.requireHostPort("[::1]:9901", "bind")).isEqualTo("[::1]:9901");
    }

    @Test
    void zeroDisablesATimeoutAndNegativeIsRefused() {
        assertThat(ServiceConnectRules.requireTimeout(0, "idleTimeoutSeconds")).isZero();
        assertThatThrownBy(() -> ServiceConnectRules.requireTimeout(-1, "idleTimeoutSeconds"))
                .hasMessage("idleTimeoutSeconds: -1 (expected: 0-2147483647, 0 disables)");
    }
}
