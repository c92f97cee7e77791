package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SvcConnectTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLines.run(out, err, args);
    }

    @Test
    void listsEveryCommandOfTheDesign() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("demo", "deploy", "destroy", "status", "control-plane", "agent", "proxy", "logs");
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        assertThat(run("agent", "--cluster", "c")).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("agent: Missing required option: '--control-plane=URL'")
                .doesNotContain("\n");
    }

    @Test
    void anUnknownCommandIsBadInput() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }

    @Test
    void eachLocalCommandListsOnlyTheOptionsItUses() {
        assertThat(run("status", "--help")).isZero();
        assertThat(out.toString()).contains("--dir=DIR").doesNotContain("--resource-timeout");

        assertThat(run("deploy", "--help")).isZero();
        assertThat(out.toString()).contains("--resource-timeout=SECONDS");
    }
}
