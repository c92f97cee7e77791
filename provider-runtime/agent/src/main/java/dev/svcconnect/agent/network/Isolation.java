package dev.svcconnect.agent.network;

import dev.svcconnect.model.tls.CaBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a host isolates its tasks from each other; hands out one {@link TaskNetwork} per task.
 *
 * <pre>{@code
 * try (Isolation isolation = Isolation.loopback(controlPlane, dataDir)) {
 *     TaskNetwork network = isolation.open("0f2c...");
 * }
 * }</pre>
 */
public interface Isolation extends AutoCloseable {

    /** The mode's name, as given to {@code --isolation}. */
    String mode();

    /** The host's address, as registered with the control plane. */
    String hostAddress();

    /** A network for a new task. */
    TaskNetwork open(String taskId, Path taskDirectory) throws IOException;

    /**
     * The network named {@code name} (as {@link TaskNetwork#name()} gave it) of a task a previous
     * agent on this data directory started, taken over with its address's slot; empty when it is
     * gone or another running agent holds its slot.
     */
    Optional<TaskNetwork> adopt(String name, Path taskDirectory) throws IOException;

    /**
     * Removes what a task of an agent that is gone left of the network named {@code name} (as
     * {@link TaskNetwork#name()} gave it), unless a running agent uses it again.
     *
     * @return one line per thing removed (or left alone, and why)
     */
    List<String> reclaim(String name);

    @Override
    void close();

    /**
     * A network namespace per task on a bridge; needs root and {@code ip}. The agent's
     * {@code dataDirectory} keeps what an agent restarted on it needs to reach its tasks again; an
     * {@code https://} control plane is verified against {@code caBundle} by the relay.
     */
    static Isolation netns(
            List<URI> controlPlanes, NetnsSettings settings, Path dataDirectory, Optional<CaBundle> caBundle)
            throws IOException {
        return new NetnsIsolation(controlPlanes, settings, dataDirectory, caBundle);
    }

    /**
     * An address in 127.0.0.0/8 per task, shared by every agent of this machine; the sidecars
     * reach the {@code controlPlanes} themselves.
     */
    static Isolation loopback(List<URI> controlPlanes, Path leaseDirectory) throws IOException {
        return new LoopbackIsolation(controlPlanes, leaseDirectory);
    }

    /** Whether this process can make network namespaces: root on Linux with {@code ip}. */
    static boolean canUseNetns() {
        return System.getProperty("os.name", "").startsWith("Linux")
                && "root".equals(System.getProperty("user.name"))
                && Exec.runQuietly(List.of("ip", "netns", "list"));
    }
}
