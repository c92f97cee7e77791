package dev.svcconnect.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The forms of a container definition's {@code user} that ECS documents, read against this host's users. */
class RunAsTest {

    @Test
    void withoutAUserAContainerRunsAsNobody() {
        assertThat(RunAs.of(null)).isEqualTo(new RunAs(65534, 65534, "/nonexistent", true));
        assertThat(RunAs.of(" ")).isEqualTo(RunAs.of("nobody"));
        assertThat(RunAs.of(null).root()).isFalse();
    }

    @Test
    void rootOrUidZeroIsRootWithRootsGroup() {
        assertThat(RunAs.of("root")).isEqualTo(new RunAs(0, 0, "/root", true));
        assertThat(RunAs.of("0")).isEqualTo(RunAs.of("root"));
        assertThat(RunAs.of("0").root()).isTrue();
    }

    @Test
    void aUserAndAGroupAreTakenByNameOrId() {
        assertThat(RunAs.of("nobody:nogroup")).isEqualTo(new RunAs(65534, 65534, "/nonexistent", true));
        assertThat(RunAs.of("nobody:100")).isEqualTo(new RunAs(65534, 100, "/nonexistent", true));
        assertThat(RunAs.of("65534:0")).isEqualTo(new RunAs(65534, 0, "/nonexistent", true));
        assertThat(RunAs.of("4242:nogroup")).isEqualTo(new RunAs(4242, 65534, null, false));
        assertThat(RunAs.of("4242:4243")).isEqualTo(new RunAs(4242, 4243, null, false));
    }

    @Test
    void aUidWithoutAnEntryGetsGroupNogroupNotRootsGroup() {
        assertThat(RunAs.of("4242")).isEqualTo(new RunAs(4242, RunAs.NOGROUP, null, false));
    }

    @Test
    void namesThisHostDoesNotHaveAndMalformedValuesAreRefusedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> RunAs.of("no-such-user"))
                .hasMessage("user: 'no-such-user' names user 'no-such-user', which this host does not have"
                        + " (expected: a user of this host or a uid)");
        assertThatThrownBy(() -> RunAs.of("nobody:no-such-group"))
                .hasMessage("user: 'nobody:no-such-group' names group 'no-such-group', which this host does not have"
                        + " (expected: a group of this host or a gid)");
        assertThatThrownBy(() -> RunAs.of("-1"))
                .hasMessage("user: '-1' (expected: user, user:group, uid, uid:gid, user:gid or uid:group, with names"
                        + " of this host and ids as non-negative integers)");
        assertThatThrownBy(() -> RunAs.of("nobody:")).hasMessageStartingWith("user: 'nobody:' (expected: user,");
        assertThatThrownBy(() -> RunAs.of("a b")).hasMessageStartingWith("user: 'a b' (expected: user,");
    }
}
