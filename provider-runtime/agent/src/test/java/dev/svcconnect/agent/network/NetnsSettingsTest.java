package dev.svcconnect.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NetnsSettingsTest {

    @Test
    void theBridgeTakesTheFirstAddressAndTaskSlotsFollow() {
        Cidr cidr = Cidr.parse("10.213.7.0/24");
        assertThat(cidr.gateway()).isEqualTo("10.213.7.1");
        assertThat(cidr.address(1)).isEqualTo("10.213.7.2");
        assertThat(cidr.slots()).isEqualTo(253);
        assertThat(cidr.address(cidr.slots())).isEqualTo("10.213.7.254");
    }

    @Test
    void aNetworkThatCouldRouteOffTheHostIsRefused() {
        assertThatThrownBy(() -> Cidr.parse("8.8.8.0/24"))
                .hasMessage("cidr: '8.8.8.0/24' (expected: a private IPv4 network such as 10.213.0.0/16, /16 to /29)");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/8")).hasMessageStartingWith("cidr: '10.0.0.0/8'");
        assertThatThrownBy(() -> Cidr.parse("10.300.0.0/16")).hasMessageStartingWith("cidr: '10.300.0.0/16'");
        assertThat(Cidr.parse("172.16.0.0/16").gateway()).isEqualTo("172.16.0.1");
        assertThat(Cidr.parse("192.168.5.0/29").slots()).isEqualTo(5);
    }

    @Test
    void namesThatDoNotFitAnInterfaceNameAreRefused() {
        Path leases = Path.of("/tmp");
        assertThatThrownBy(() -> new NetnsSettings("a-bridge-name-too-long", "10.213.0.0/16", "svcc", leases))
                .hasMessage("bridge: 'a-bridge-name-too-long' (expected: 1-15 of a-z, 0-9, _ . -)");
        assertThatThrownBy(() -> new NetnsSettings("svcc0", "10.213.0.0/16", "Too-Long9", leases))
                .hasMessage("namePrefix: 'Too-Long9' (expected: 1-8 of a-z and 0-9)");
    }

    @Test
    void hostsFilesMapEveryAliasAndKeepLocalhost() {
        assertThat(TaskNetwork.hostsFile(java.util.Map.of("webui.svc", "127.255.0.1")))
                .startsWith("127.0.0.1 localhost\n")
                .endsWith("127.255.0.1 webui.svc\n");
    }
}
