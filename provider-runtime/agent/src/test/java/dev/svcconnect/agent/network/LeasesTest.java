package dev.svcconnect.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
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

    /**
     * A task's address freed is handed out again only after the others: the namespaces that talked
     * to the stopped task still hold its link-layer address for that IP in their neighbour cache
     * for a while, and a new task on the same IP would get no answer to its first connections
     * until that entry is probed again (seconds: the 5 s connect timeout of the proxies).
     */
    @Test
    void aReleasedSlotIsHandedOutAgainOnlyAfterTheOthers() throws Exception {
        Leases leases = new Leases(directory, 1, 3);
        leases.acquire().close();

        try (Leases.Lease second = leases.acquire();
                Leases.Lease third = leases.acquire();
                Leases.Lease wrapped = leases.acquire()) {
            assertThat(second.index()).isEqualTo(2);
            assertThat(third.index()).isEqualTo(3);
            assertThat(wrapped.index()).isEqualTo(1);
        }
    }

    @Test
    void takingAnotherSlotKeepsTheLocksOfTheSlotsAlreadyHeldSoNoOtherAgentGetsThem() throws Exception {
        Leases leases = new Leases(directory, 1, 3);
        try (Leases.Lease first = leases.acquire();
                Leases.Lease second = leases.acquire()) {
            leases.acquire().close();
            leases.removeAll();

            assertThat(posixLocksOfThisProcess()).isEqualTo(2);
            assertThat(directory.resolve("slot-1")).exists();
        }
    }

    /** The POSIX locks /proc/locks lists for this process (FileLock is fcntl on Linux). */
    private static long posixLocksOfThisProcess() throws Exception {
        String pid = String.valueOf(ProcessHandle.current().pid());
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 4 && fields[1].equals("POSIX") && fields[4].equals(pid))
                .count();
    }
}
