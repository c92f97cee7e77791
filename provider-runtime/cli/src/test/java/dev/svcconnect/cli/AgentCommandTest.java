package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AgentCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLines.run(new StringWriter(), err, args);
    }

    @Test
    void anUnknownIsolationIsOneLineAndExitCode2() {
        assertThat(run("agent", "--control-plane", "http://127.0.0.1:1", "--cluster", "c", "--isolation", "docker"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "agent: isolation: 'docker' (expected one of: netns, loopback) (see 'svc-connect agent --help')");
    }

    @Test
    void aTaskNetworkThatCouldRouteOffTheHostIsRefused() {
        assertThat(run("agent", "--control-plane", "http://127.0.0.1:1", "--cluster", "c", "--cidr", "8.8.8.0/24"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "agent: cidr: '8.8.8.0/24' (expected: a private IPv4 network such as 10.213.0.0/16, /16 to /29) (see 'svc-connect agent --help')");
    }
}
