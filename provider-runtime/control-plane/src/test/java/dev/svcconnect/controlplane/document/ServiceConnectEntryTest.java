package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class ServiceConnectEntryTest {

    private static ServiceConnectEntry entry(String json) throws Exception {
        return ServiceConnectEntry.of(Json.mapper().readTree(json));
    }

    @Test
    void theTimeoutsAreReadFromTheTimeoutObject() throws Exception {
        ServiceConnectEntry entry = entry("""
                {"portName": "web", "discoveryName": "web",
                 "timeout": {"perRequestTimeoutSeconds": 15, "idleTimeoutSeconds": 300}}
                """);

        assertThat(entry.perRequestTimeoutSeconds()).hasValue(15);
        assertThat(entry.idleTimeoutSeconds()).hasValue(300);
    }

    @Test
    void aTimeoutNotSetIsEmpty() throws Exception {
        assertThat(entry("{\"portName\": \"web\"}").perRequestTimeoutSeconds()).isEmpty();
        assertThat(entry("{\"portName\": \"web\", \"timeout\": {\"idleTimeoutSeconds\": 0}}")
                        .perRequestTimeoutSeconds())
                .isEmpty();
        assertThat(entry("{\"portName\": \"web\", \"timeout\": {\"idleTimeoutSeconds\": 0}}")
                        .idleTimeoutSeconds())
                .hasValue(0);
    }
}
