package dev.svcconnect.agent.network;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address in 127.0.0.0/8 per task, for hosts without root: task slot N (1-254) listens on
 * {@code 127.N.255.254}, its client aliases are {@code 127.N.x.y} for the namespace's
 * {@code 127.255.x.y}, and its proxy's admin port is {@code 127.N.255.254:9901}.
 */
final class LoopbackIsolation implements Isolation {

    private static final Pattern ADDRESS = Pattern.compile("127\\.([0-9]{1,3})\\.255\\.254");

    private final List<URI> controlPlanes;
    private final Leases leases;

    LoopbackIsolation(List<URI> controlPlanes, Path leaseDirectory) throws IOException {
        this.controlPlanes = List.copyOf(controlPlanes);
        this.leases = new Leases(leaseDirectory, 1, 254);
    }

    @Override
    public String mode() {
        return "loopback";
    }

    @Override
    public String hostAddress() {
        return "127.0.0.1";
    }

    @Override
    public TaskNetwork open(String taskId, Path taskDirectory) throws IOException {
        Leases.Lease lease = leases.acquire();
        LoopbackTaskNetwork network = new LoopbackTaskNetwork(lease, controlPlanes, taskDirectory.resolve("hosts"));
        network.writeHosts(java.util.Map.of());
        return network;
    }

    @Override
    public Optional<TaskNetwork> adopt(String name, Path taskDirectory) throws IOException {
        java.util.regex.Matcher address = ADDRESS.matcher(name);
        if (!address.matches()) {
            return Optional.empty();
        }
        return leases.tryAcquire(Integer.parseInt(address.group(1)))
                .map(lease -> new LoopbackTaskNetwork(lease, controlPlanes, taskDirectory.resolve("hosts")));
    }

    /** Nothing to remove: the address's lease went with the agent, the hosts file is in the task directory. */
    @Override
    public List<String> reclaim(String name) {
        return List.of();
    }

    @Override
    public void close() {
        // leases go with their tasks
    }
}
