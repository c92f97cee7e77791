package dev.svcconnect.sample.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.sample.common.BadSettingException;
import dev.svcconnect.sample.common.Env;
import dev.svcconnect.sample.common.Env.HostAndPort;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebUiSettingsTest {

    @Test
    void readsAppserversClientAliasFromAGrpcUrl() {
        WebUiSettings settings = WebUiSettings.from(Env.of(Map.of(
                "WEBUI_BIND",
                "0.0.0.0",
                "WEBUI_PORT",
                "80",
                "APPSERVER_URL",
                "grpc://appserver:8080",
                "APPSERVER_TIMEOUT_MS",
                "1500",
                "TASK_ID",
                "webui-2")));

        assertThat(settings)
                .isEqualTo(new WebUiSettings(
                        "0.0.0.0", 80, new HostAndPort("appserver", 8080), Duration.ofMillis(1500), "webui-2"));
    }

    @Test
    void defaultsToPort8000AndALocalAppserver() {
        WebUiSettings settings = WebUiSettings.from(Env.of(Map.of("TASK_ID", "t")));

        assertThat(settings.port()).isEqualTo(8000);
        assertThat(settings.appserver()).isEqualTo(new HostAndPort("127.0.0.1", 8080));
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsAnAppserverUrlWithoutAPort() {
        assertThatThrownBy(() -> WebUiSettings.from(Env.of(Map.of("APPSERVER_URL", "grpc://appserver"))))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("APPSERVER_URL: grpc://appserver (expected: a URL like grpc://host:port)");
    }
}
