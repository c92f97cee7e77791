package dev.svcconnect.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.identity.WorkloadIdentity;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PeerIdentityTest {

    @Test
    void aConnectionWithoutAVerifiedPeerHasNoCaller() {
        assertThat(PeerIdentity.of(new EmbeddedChannel())).isEmpty();
    }

    @Test
    void theIdentitySetOnAConnectionIsReadBack() {
        EmbeddedChannel connection = new EmbeddedChannel();
        WorkloadIdentity webui = WorkloadIdentity.of("svc-connect.local", "svc-namespace", "webui");

        PeerIdentity.set(connection, webui);

        assertThat(PeerIdentity.of(connection)).contains(webui);
    }
}
