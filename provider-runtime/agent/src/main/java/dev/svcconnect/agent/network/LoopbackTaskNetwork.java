package dev.svcconnect.agent.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * One task's loopback address. Programs see the aliases through a hosts file: JVM programs through
 * {@code -Djdk.net.hosts.file} in {@code JAVA_TOOL_OPTIONS}, others through
 * {@code SVC_CONNECT_HOSTS_FILE}; they must listen on {@code SVC_CONNECT_TASK_ADDRESS}.
 */
final class LoopbackTaskNetwork implements TaskNetwork {

    private final Leases.Lease lease;
    private final List<URI> controlPlanes;
    private final Path hosts;

    LoopbackTaskNetwork(Leases.Lease lease, List<URI> controlPlanes, Path hosts) {
        this.lease = lease;
        this.controlPlanes = List.copyOf(controlPlanes);
        this.hosts = hosts;
    }

    @Override
    public String name() {
        return address();
    }

    @Override
    public String address() {
        return "127." + lease.index() + ".255.254";
    }

    @Override
    public String appAddress() {
        return address();
    }

    @Override
    public String aliasPrefix() {
        return "127." + lease.index();
    }

    @Override
    public String adminAddress() {
        return address() + ":9901";
    }

    @Override
    public List<URI> controlPlanes() {
        return controlPlanes;
    }

    @Override
    public List<String> command(List<String> argv) {
        return List.copyOf(argv);
    }

    @Override
    public Map<String, String> environment() {
        return Map.of(
                "SVC_CONNECT_TASK_ADDRESS",
                address(),
                "SVC_CONNECT_HOSTS_FILE",
                hosts.toString(),
                "JAVA_TOOL_OPTIONS",
                "-Djdk.net.hosts.file=" + hosts);
    }

    @Override
    public void writeHosts(Map<String, String> aliases) throws IOException {
        Files.createDirectories(hosts.getParent());
        Path temporary = hosts.resolveSibling("hosts.tmp");
        Files.writeString(temporary, TaskNetwork.hostsFile(aliases), StandardCharsets.UTF_8);
        Files.move(temporary, hosts, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        lease.close();
    }
}
