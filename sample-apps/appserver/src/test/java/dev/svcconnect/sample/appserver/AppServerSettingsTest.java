package dev.svcconnect.sample.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.sample.common.BadSettingException;
import dev.svcconnect.sample.common.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppServerSettingsTest {

    @Test
    void defaultsToPort8080AndALocalInMemoryDb() {
        AppServerSettings settings = AppServerSettings.from(Env.of(Map.of("TASK_ID", "t1")));

        assertThat(settings)
                .isEqualTo(new AppServerSettings(
                        "127.0.0.1",
                        8080,
                        "jdbc:h2:tcp://127.0.0.1:9092/mem:items",
                        "sa",
                        "",
                        "Hello from appserver",
                        "t1",
                        Duration.ofMillis(250)));
    }

    @Test
    void readsTheDbAliasAndTheGreetingFromTheEnvironment() {
        AppServerSettings settings = AppServerSettings.from(Env.of(Map.of(
                "APP_BIND",
                "0.0.0.0",
                "APP_PORT",
                "9000",
                "DB_URL",
                "jdbc:h2:tcp://db:9092/mem:items",
                "APP_GREETING",
                "Hello from v2",
                "HOSTNAME",
                "h")));

        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.dbUrl()).isEqualTo("jdbc:h2:tcp://db:9092/mem:items");
        assertThat(settings.greeting()).isEqualTo("Hello from v2");
        assertThat(settings.taskId()).isEqualTo("h");
    }

    @Test
    void rejectsADbUrlThatIsNotAnH2TcpUrl() {
        assertThatThrownBy(() -> AppServerSettings.from(Env.of(Map.of("DB_URL", "jdbc:h2:mem:items"))))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("DB_URL: jdbc:h2:mem:items (expected: jdbc:h2:tcp://host:port/database)");
    }

    @Test
    void rejectsABadPort() {
        assertThatThrownBy(() -> AppServerSettings.from(Env.of(Map.of("APP_PORT", "-1"))))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("APP_PORT: -1 (expected: 0-65535)");
    }
}
