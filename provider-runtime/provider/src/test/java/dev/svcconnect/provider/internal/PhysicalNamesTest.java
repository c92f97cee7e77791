package dev.svcconnect.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.provider.Events;
import dev.svcconnect.provider.ProviderEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhysicalNamesTest {

    @Test
    void generatesTheSameNameForARetriedEvent() {
        ProviderEvent first = ProviderEvent.fromMap(Events.create("Custom::SvcConnectCluster", "Cluster", Map.of()));
        ProviderEvent retry = ProviderEvent.fromMap(Events.create("Custom::SvcConnectCluster", "Cluster", Map.of()));

        String name = PhysicalNames.generate(first, 255);
        assertThat(name).matches("Apps-Cluster-[0-9A-F]{12}").isEqualTo(PhysicalNames.generate(retry, 255));
    }

    @Test
    void truncatesToTheMaximumLength() {
        ProviderEvent event =
                ProviderEvent.fromMap(Events.create("Custom::SvcConnectService", "A".repeat(300), Map.of()));

        assertThat(PhysicalNames.generate(event, 255))
                .hasSize(255)
                .endsWith(PhysicalNames.generate(event, 40).substring(27));
    }

    @Test
    void keepsAGeneratedNameAcrossUpdatesThatGiveNone() {
        ProviderEvent update = Events.parsedUpdate(
                "Custom::SvcConnectService",
                "arn:aws:ecs:us-east-1:1:service/apps/Apps-Api-0123456789AB",
                Map.of("DesiredCount", "2"),
                Map.of());

        assertThat(PhysicalNames.effective(update, "ServiceName", 255)).isEqualTo("Apps-Api-0123456789AB");
    }

    @Test
    void generatesANameWhenAGivenOneIsRemoved() {
        ProviderEvent update =
                Events.parsedUpdate("Custom::SvcConnectCluster", "apps", Map.of(), Map.of("ClusterName", "apps"));

        assertThat(PhysicalNames.effective(update, "ClusterName", 255)).startsWith("Apps-Resource-");
    }
}
