package dev.svcconnect.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocShellTest {

    @TempDir
    Path directory;

    private DocExample example(String code, String expect) {
        return new DocExample(
                directory.resolve("DOC.md"), 7, DocExample.Kind.RUN, "", code, expect, null, Duration.ofSeconds(20));
    }

    private DocShell shell() throws Exception {
        return new DocShell(directory, directory, Map.of(), List.of(), Duration.ofSeconds(1));
    }

    @Test
    void anExampleThatPrintsItsLinePassesAndKeepsTheShellsStateForTheNext() throws Exception {
        try (DocShell shell = shell()) {
            assertThat(shell.run(example("greeting=hello\n", "@@doc-test 1 done 0")))
                    .isNotEmpty();
            assertThat(shell.run(example("echo \"$greeting from the docs\"\n", "hello from the docs")))
                    .contains("hello from the docs");
        }
    }

    @Test
    void aCommandThatFailsFailsItsExampleEvenBeforeItsLastCommand() throws Exception {
        try (DocShell shell = shell()) {
            assertThatThrownBy(() -> shell.run(example("echo first\nfalse\necho last\n", "last")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("DOC.md:7: a command failed (set -e ended the shell):")
                    .hasMessageNotContaining("last");
        }
    }

    @Test
    void anExampleThatDoesNotPrintTheDocumentsLineFails() throws Exception {
        try (DocShell shell = shell()) {
            assertThatThrownBy(() -> shell.run(example("echo something else\n", "the documented line")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith(
                            "DOC.md:7 did not print 'the documented line' (the line the document shows)");
        }
    }
}
