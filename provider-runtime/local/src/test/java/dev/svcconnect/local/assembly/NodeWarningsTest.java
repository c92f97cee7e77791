package dev.svcconnect.local.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeWarningsTest {

    @Test
    void theEndOfLifeBannerIsSilencedForThisMachinesNodeMajorVersion() {
        Map<String, String> environment = new HashMap<>();

        NodeWarnings.silence(environment);

        assertThat(NodeWarnings.nodeMajorVersion()).isPresent();
        assertThat(environment)
                .containsEntry(
                        NodeWarnings.END_OF_LIFE,
                        NodeWarnings.nodeMajorVersion().orElseThrow())
                .containsEntry(NodeWarnings.DEPRECATED, "1");
    }

    @Test
    void aValueTheUserSetIsKept() {
        Map<String, String> environment = new HashMap<>(Map.of(NodeWarnings.END_OF_LIFE, "18,20"));

        NodeWarnings.silence(environment);

        assertThat(environment).containsEntry(NodeWarnings.END_OF_LIFE, "18,20");
    }
}
