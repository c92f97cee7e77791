package dev.svcconnect.sample.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.sample.common.Env.HostAndPort;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvTest {

    @Test
    void usesTheDefaultWhenAVariableIsUnsetOrBlank() {
        Env env = Env.of(Map.of("BLANK", "  "));

        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.port("UNSET", 8080)).isEqualTo(8080);
        assertThat(env.raw("BLANK", "fallback")).isEqualTo("  ");
        assertThat(env.millis("UNSET", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void readsAPortAndADurationInMilliseconds() {
        Env env = Env.of(Map.of("PORT", " 9092 ", "TIMEOUT_MS", "250"));

        assertThat(env.port("PORT", 1)).isEqualTo(9092);
        assertThat(env.millis("TIMEOUT_MS", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void namesTheVariableTheValueAndTheRangeWhenANumberIsBad() {
        Env env = Env.of(Map.of("PORT", "http", "TIMEOUT_MS", "0"));

        assertThatThrownBy(() -> env.port("PORT", 1))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("PORT: http (expected: an integer 0-65535)");
        assertThatThrownBy(() -> env.millis("TIMEOUT_MS", Duration.ZERO))
                .hasMessage("TIMEOUT_MS: 0 (expected: 1-2147483647)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc://appserver:8080", "GRPC://appserver:8080/", "http://appserver:8080"})
    void readsAHostAndPortFromAUrl(String url) {
        Env env = Env.of(Map.of("URL", url));

        assertThat(env.address("URL", "grpc://x:1", "grpc", "http")).isEqualTo(new HostAndPort("appserver", 8080));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "appserver:8080",
                "grpc://appserver",
                "grpc://appserver:8080/items",
                "ftp://appserver:8080",
                "grpc://user@appserver:8080",
                "grpc:// bad:1"
            })
    void rejectsAUrlThatIsNotSchemeHostAndPort(String url) {
        Env env = Env.of(Map.of("URL", url));

        assertThatThrownBy(() -> env.address("URL", "grpc://x:1", "grpc", "http"))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("URL: " + url.strip() + " (expected: a URL like grpc://host:port)");
    }

    @Test
    void acceptsHostNamesAndAddressesAsHosts() {
        assertThat(Env.of(Map.of("H", "db-alias.svc")).host("H", "x")).isEqualTo("db-alias.svc");
        assertThat(Env.of(Map.of("H", "0.0.0.0")).host("H", "x")).isEqualTo("0.0.0.0");
        assertThat(Env.of(Map.of("H", "::1")).host("H", "x")).isEqualTo("::1");
        assertThatThrownBy(() -> Env.of(Map.of("H", "a b")).host("H", "x"))
                .hasMessage("H: a b (expected: a host name or an IP address)");
    }

    @Test
    void prefersTaskIdThenHostnameAsTheTaskIdentity() {
        assertThat(TaskIdentity.of(Env.of(Map.of("TASK_ID", "webui-1", "HOSTNAME", "h"))))
                .isEqualTo("webui-1");
        assertThat(TaskIdentity.of(Env.of(Map.of("HOSTNAME", "h")))).isEqualTo("h");
        assertThat(TaskIdentity.of(Env.of(Map.of()))).isNotBlank();
    }
}
