package dev.svcconnect.agent.network;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One task's network namespace: processes start with {@code ip netns exec}; {@code /etc/netns/NAME/hosts}. */
final class NetnsTaskNetwork implements TaskNetwork {

    private final String namespace;
    private final String hostVeth;
    private final String address;
    private final List<URI> controlPlanes;
    private final Leases.Lease lease;

    NetnsTaskNetwork(String namespace, String hostVeth, String address, List<URI> controlPlanes, Leases.Lease lease) {
        this.namespace = namespace;
        this.hostVeth = hostVeth;
        this.address = address;
        this.controlPlanes = List.copyOf(controlPlanes);
        this.lease = lease;
    }

    @Override
    public String name() {
        return namespace;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String appAddress() {
        return "127.0.0.1";
    }

    @Override
    public String aliasPrefix() {
        return null;
    }

    @Override
    public String adminAddress() {
        return null;
    }

    @Override
    public List<URI> controlPlanes() {
        return controlPlanes;
    }

    @Override
    public List<String> command(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.addAll(argv);
        return command;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("SVC_CONNECT_TASK_ADDRESS", address);
    }

    @Override
    public void writeHosts(Map<String, String> aliases) throws IOException {
        Path directory = Files.createDirectories(etc());
        Path temporary = directory.resolve("hosts.tmp");
        Files.writeString(temporary, TaskNetwork.hostsFile(aliases), StandardCharsets.UTF_8);
        Files.move(
                temporary,
                directory.resolve("hosts"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean accepts(String host, int port) {
        return Exec.runQuietly(command(List.of("bash", "-c", "exec 3<>/dev/tcp/" + host + "/" + port)));
    }

    /**
     * Removes what a task of an agent that died left under this slot's names: the processes that
     * still run in the namespace (SIGKILL), the namespace, the host's veth and the hosts file.
     *
     * @return one line per thing removed
     */
    List<String> removeLeftovers() {
        List<String> removed = new ArrayList<>();
        if (Files.exists(Path.of("/run/netns", namespace))) {
            killProcesses(removed);
            if (Exec.runQuietly(List.of("ip", "netns", "del", namespace))) {
                removed.add("removed network namespace " + namespace);
            }
        }
        if (Exec.runQuietly(List.of("ip", "link", "del", hostVeth))) {
            removed.add("removed veth " + hostVeth);
        }
        if (Files.exists(etc())) {
            try (Stream<Path> files = Files.walk(etc())) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
                removed.add("removed " + etc().resolve("hosts"));
            } catch (IOException e) {
                removed.add("could not remove " + etc() + ": " + e.getMessage());
            }
        }
        return removed;
    }

    private void killProcesses(List<String> removed) {
        try {
            for (String pid :
                    Exec.run(List.of("ip", "netns", "pids", namespace)).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                        process.destroyForcibly();
                        removed.add("killed process " + pid + " of network namespace " + namespace);
                    });
                }
            }
        } catch (IOException e) {
            // no namespace: nothing runs in it
        }
    }

    private Path etc() {
        return Path.of("/etc/netns", namespace);
    }

    /** Removes everything of the namespace, then frees its address; one line per thing removed. */
    List<String> removeAndRelease() {
        try {
            return removeLeftovers();
        } finally {
            lease.close();
        }
    }

    @Override
    public void close() {
        removeAndRelease();
    }
}
