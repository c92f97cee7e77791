package dev.svcconnect.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.ProxyConfig;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the proxy configuration parser ({@link ProxyConfigFile#parse}, with the model's
 * validation): any text is either a configuration that validates and survives a JSON round trip,
 * or an {@link IllegalArgumentException} whose message names the source. Seeds and former
 * findings: {@code ProxyConfigFileFuzzTestInputs/}.
 */
class ProxyConfigFileFuzzTest {

    private static final String SOURCE = "fuzz.json";

    @FuzzTest(maxDuration = "10m")
    void anyTextIsAConfigurationOrAnErrorNamingTheSource(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        ProxyConfig config;
        try {
            config = ProxyConfigFile.parse(text, SOURCE);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ").hasSizeGreaterThan(SOURCE.length() + 2);
            return;
        }
        String written = Json.mapper().writeValueAsString(config);
        assertThat(ProxyConfigFile.parse(written, SOURCE)).isEqualTo(config);
    }
}
