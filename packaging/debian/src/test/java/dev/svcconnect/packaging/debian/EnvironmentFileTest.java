package dev.svcconnect.packaging.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvironmentFileTest {

    private final EnvironmentFile file = EnvironmentFile.parse("""
            # a comment
            PORT=7700
            DATA="/var/lib/x"

            OPTIONS=--fargate  --cpu 4096
            EMPTY=
            """);

    @Test
    void bracedVariablesAreOneArgumentEach() {
        assertThat(file.expand("/usr/bin/x --port ${PORT} --data ${DATA} --none ${MISSING}"))
                .containsExactly("/usr/bin/x", "--port", "7700", "--data", "/var/lib/x", "--none", "");
    }

    @Test
    void bareVariablesAreSplitOnWhiteSpaceAndVanishWhenEmpty() {
        assertThat(file.expand("/usr/bin/x $OPTIONS $EMPTY"))
                .containsExactly("/usr/bin/x", "--fargate", "--cpu", "4096");
    }

    @Test
    void namesTheVariablesACommandLineUses() {
        assertThat(EnvironmentFile.referencedNames("x ${PORT} $OPTIONS")).containsExactly("PORT", "OPTIONS");
    }

    @Test
    void aLineThatIsNoAssignmentIsRefused() {
        assertThatThrownBy(() -> EnvironmentFile.parse("export PORT 7700"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a NAME=value line: export PORT 7700");
    }
}
