package dev.svcconnect.sample.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.sample.common.BadSettingException;
import dev.svcconnect.sample.common.Env;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DbSettingsTest {

    @Test
    void defaultsToAnInMemoryDatabaseOnLoopbackPort9092() {
        DbSettings settings = DbSettings.from(Env.of(Map.of()));

        assertThat(settings).isEqualTo(new DbSettings("127.0.0.1", 9092, Optional.empty(), "items", "sa", ""));
        assertThat(settings.remotePath()).isEqualTo("mem:items");
    }

    @Test
    void readsEveryVariable() {
        DbSettings settings = DbSettings.from(Env.of(Map.of(
                "DB_BIND",
                "10.0.0.7",
                "DB_PORT",
                "5000",
                "DB_DATA_DIR",
                "/var/lib/db",
                "DB_NAME",
                "shop",
                "DB_USER",
                "app",
                "DB_PASSWORD",
                " p w ")));

        assertThat(settings)
                .isEqualTo(
                        new DbSettings("10.0.0.7", 5000, Optional.of(Path.of("/var/lib/db")), "shop", "app", " p w "));
        assertThat(settings.remotePath()).isEqualTo("shop");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> DbSettings.from(Env.of(Map.of("DB_PORT", "70000"))))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("DB_PORT: 70000 (expected: 0-65535)");
    }

    @Test
    void rejectsABindAddressThatIsNotAHost() {
        assertThatThrownBy(() -> DbSettings.from(Env.of(Map.of("DB_BIND", "tcp://0.0.0.0"))))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("DB_BIND: tcp://0.0.0.0 (expected: a host name or an IP address)");
    }

    @Test
    void rejectsADatabaseNameThatIsAPath() {
        assertThatThrownBy(() -> DbSettings.from(Env.of(Map.of("DB_NAME", "../etc/items"))))
                .isInstanceOf(BadSettingException.class)
                .hasMessage("DB_NAME: ../etc/items (expected: a letter, then letters, digits or _, at most 63 in all)");
    }
}
