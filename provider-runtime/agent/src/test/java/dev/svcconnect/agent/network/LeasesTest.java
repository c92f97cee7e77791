package dev.svcconnect.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeasesTest {

    @TempDir
    Path directory;

    @Test
    void aSlotIsHeldUntilClosedThenHandedOutAgain() throws Exception {
        Leases leases = new Leases(directory, 1, 2);
        Leases.Lease first = leases.acquire();
        Leases.Lease second = leases.acquire();
        assertThat(first.index()).isEqualTo(1);
        assertThat(second.index()).isEqualTo(2);
        assertThatThrownBy(leases::acquire).hasMessageContaining("no free task address left: all slots 1-2");
        first.close();
        try (Leases.Lease again = leases.acquire()) {
            assertThat(again.index()).isEqualTo(1);
        }
        second.close();
    }
}
