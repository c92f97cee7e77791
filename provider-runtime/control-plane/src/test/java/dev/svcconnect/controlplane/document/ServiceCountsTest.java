package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class ServiceCountsTest {

    @Test
    void theCountsSetAreTheCountsRead() {
        Service service = Service.of(Json.mapper().createObjectNode());
        assertThat(service.runningCount()).isZero();
        assertThat(service.pendingCount()).isZero();

        service.counts(3, 1);

        assertThat(service.runningCount()).isEqualTo(3);
        assertThat(service.pendingCount()).isEqualTo(1);
        assertThat(service.json().get("runningCount").asInt()).isEqualTo(3);
    }
}
