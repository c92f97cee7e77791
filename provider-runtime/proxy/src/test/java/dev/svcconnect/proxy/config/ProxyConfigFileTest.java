package dev.svcconnect.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.proxy.LoadBalancing;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigFileTest {

    @Test
    void readsTheDocumentedFormatWithDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("proxy.json"), """
                {"admin": {"bind": "127.0.0.1:9901"},
                 "listeners": [{"name": "orders", "direction": "outbound", "bind": "127.255.0.1:80",
                                "protocol": "http", "discoveryName": "orders",
                                "endpoints": ["10.0.0.5:8080", "10.0.0.6:8080"]}]}
                """);

        ProxyConfig config = ProxyConfigFile.read(file);

        assertThat(config.drainTimeSeconds()).isEqualTo(20);
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.protocol()).isEqualTo(Protocol.HTTP);
            assertThat(l.loadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
            assertThat(l.perRequestTimeoutSeconds()).isEqualTo(15);
            assertThat(l.idleTimeoutSeconds()).isEqualTo(300);
        });
    }

    @Test
    void errorsNameTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path badProtocol = Files.writeString(
                dir.resolve("a.json"),
                "{\"listeners\": [{\"name\": \"x\", \"bind\": \"127.0.0.1:80\", \"protocol\": \"smtp\"}]}");
        Path badPort = Files.writeString(
                dir.resolve("b.json"), "{\"listeners\": [{\"name\": \"x\", \"bind\": \"127.0.0.1:70000\"}]}");
        Path notJson = Files.writeString(dir.resolve("c.json"), "{\"listeners\": [");
        Path unknown = Files.writeString(dir.resolve("d.json"), "{\"listenrs\": []}");

        assertThatThrownBy(() -> ProxyConfigFile.read(badProtocol))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(badProtocol + ": listeners[0].protocol: ")
                .hasMessageContaining("smtp (expected one of: http, http2, grpc, tcp)");
        assertThatThrownBy(() -> ProxyConfigFile.read(badPort)).hasMessageStartingWith(badPort + ": listeners[0].bind");
        assertThatThrownBy(() -> ProxyConfigFile.read(notJson)).hasMessageStartingWith(notJson + ": not valid JSON");
        assertThatThrownBy(() -> ProxyConfigFile.read(unknown)).hasMessageContaining("listenrs");
        assertThatThrownBy(() -> ProxyConfigFile.read(dir.resolve("missing.json")))
                .hasMessage(dir.resolve("missing.json") + ": no such file");
    }
}
