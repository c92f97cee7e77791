package dev.svcconnect.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesTest {

    private static Properties of(Map<String, Object> values) {
        return Properties.of("Custom::SvcConnectService 'Api'", values, "ResourceProperties");
    }

    @Test
    void readsScalarsSentAsStringsByCloudFormation() {
        Properties properties = of(Map.of("DesiredCount", "2", "Enabled", "true", "Port", 8080, "On", false));

        assertThat(properties.integer("DesiredCount")).isEqualTo(2);
        assertThat(properties.integer("Port")).isEqualTo(8080);
        assertThat(properties.bool("Enabled")).isTrue();
        assertThat(properties.bool("On")).isFalse();
        assertThat(properties.integer("Missing")).isNull();
    }

    @Test
    void namesThePathOfANestedError() {
        Properties properties = of(Map.of(
                "ServiceConnectConfiguration",
                Map.of(
                        "Services",
                        List.of(Map.of("PortName", "api", "ClientAliases", List.of(Map.of("Port", "http")))))));
        Properties alias = properties
                .object("ServiceConnectConfiguration")
                .objects("Services")
                .get(0)
                .objects("ClientAliases")
                .get(0);

        assertThatThrownBy(() -> alias.integer("Port"))
                .hasMessage("Custom::SvcConnectService 'Api': ServiceConnectConfiguration.Services[0].ClientAliases[0]"
                        + ".Port: 'http' (expected: an integer)");
    }

    @Test
    void rejectsAnIntegerOutOfRangeAndAWrongShape() {
        Properties properties = of(Map.of("Count", "99999999999", "Services", "api", "Flag", "yes"));

        assertThatThrownBy(() -> properties.integer("Count"))
                .hasMessage("Custom::SvcConnectService 'Api': Count: '99999999999' (expected: an integer)");
        assertThatThrownBy(() -> properties.objects("Services"))
                .hasMessage("Custom::SvcConnectService 'Api': Services: 'api' (expected: a list)");
        assertThatThrownBy(() -> properties.bool("Flag"))
                .hasMessage("Custom::SvcConnectService 'Api': Flag: 'yes' (expected: true or false)");
        assertThatThrownBy(() -> properties.requiredString("Cluster"))
                .hasMessage("Custom::SvcConnectService 'Api': Cluster: is required");
    }
}
