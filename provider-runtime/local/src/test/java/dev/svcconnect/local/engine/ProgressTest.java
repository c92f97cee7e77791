package dev.svcconnect.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void aStackLeftUnchangedPrintsOnlyThatItHasNoChanges() {
        progress.stack("Shop", "updating stack", 0);
        progress.done("Shop", true);

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(" ✅  Shop (no changes)\n");
    }

    @Test
    void aStackThatChangesPrintsWhatItDoesBeforeItsFirstEvent() {
        progress.stack("Shop", "updating stack", 1);
        progress.event("UPDATE_IN_PROGRESS", "Custom::SvcConnectService", "Api", null);
        progress.done("Shop", false);

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("Shop: updating stack...");
            assertThat(lines.get(1)).startsWith("Shop | 0/1 |").endsWith("| Api");
            assertThat(lines.get(2)).isEqualTo(" ✅  Shop");
        });
    }
}
