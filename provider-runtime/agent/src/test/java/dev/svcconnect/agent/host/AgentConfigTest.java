package dev.svcconnect.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    @Test
    void eachSetterNamesTheFieldTheValueAndWhatIsAllowed() {
        AgentConfig.Builder builder = AgentConfig.builder();
        assertThatThrownBy(() -> builder.isolation("docker"))
                .hasMessage("isolation: 'docker' (expected one of: netns, loopback)");
        assertThatThrownBy(() -> builder.controlPlane(URI.create("ftp://x")))
                .hasMessage("controlPlane: 'ftp://x' (expected: a URL such as http://127.0.0.1:7700 or"
                        + " https://cp.example:7700)");
        assertThatThrownBy(() -> builder.cpu(0)).hasMessage("cpu: 0 (expected: 1 or more)");
        assertThatThrownBy(() -> builder.cluster("a b")).hasMessageStartingWith("cluster: 'a b'");
        assertThatThrownBy(builder::build).hasMessage("controlPlane: is required");
        assertThat(AgentConfig.builder()
                        .controlPlane(URI.create("https://cp.example:7700"))
                        .cluster("c")
                        .build()
                        .controlPlane())
                .hasScheme("https");
    }

    @Test
    void theDefaultProxyCommandRunsThisJvmsClassPath() {
        AgentConfig config = AgentConfig.builder()
                .controlPlane(URI.create("http://127.0.0.1:7700"))
                .cluster("c")
                .build();
        assertThat(config.proxyCommand())
                .containsSubsequence(AgentConfig.PROXY_JVM_OPTIONS)
                .endsWith("-cp", System.getProperty("java.class.path"), "dev.svcconnect.proxy.Sidecar");
        assertThat(AgentConfig.PROXY_JVM_OPTIONS).contains("-XX:+UseSerialGC").allMatch(o -> o.startsWith("-"));
        assertThat(config.cpu()).isEqualTo(2048);
        assertThat(config.memory()).isEqualTo(4096);
    }

    @Test
    void theSidecarsJvmOptionsStartThisJdk() throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(AgentConfig.PROXY_JVM_OPTIONS);
        argv.add("-version");
        Process java = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
    }
}
