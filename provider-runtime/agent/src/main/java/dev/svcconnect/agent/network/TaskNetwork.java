package dev.svcconnect.agent.network;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The network of one task: its addresses, how its processes start in it, its hosts file. */
public interface TaskNetwork extends AutoCloseable {

    /** A name for logs: the network namespace, or the loopback address. */
    String name();

    /** Where the task's inbound proxy listens and other tasks reach it. */
    String address();

    /** Where the application listens, behind the inbound proxy. */
    String appAddress();

    /** The first two octets of the task's alias addresses when not {@code 127.255}; else null. */
    String aliasPrefix();

    /** The proxy's admin address when not the default {@code 127.0.0.1:9901}; else null. */
    String adminAddress();

    /**
     * The URLs of the agent's control plane replicas as seen from inside the task, in the agent's
     * order: what the sidecar is given, so it fails over to the next as the agent does.
     */
    List<URI> controlPlanes();

    /** {@code argv} wrapped to run inside the task's network. */
    List<String> command(List<String> argv);

    /** What processes of the task get in their environment, beside the task definition's. */
    Map<String, String> environment();

    /** Writes the task's hosts file: {@code localhost} and each alias DNS name to its address. */
    void writeHosts(Map<String, String> aliases) throws IOException;

    /** Whether {@code host:port} accepts a TCP connection from inside the task. */
    boolean accepts(String host, int port);

    /** Frees the network: kills what still runs in it, removes it and its address. */
    @Override
    void close();

    /** The content of a hosts file for these aliases. */
    static String hostsFile(Map<String, String> aliases) {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n::1 localhost ip6-localhost\n");
        aliases.forEach((name, address) ->
                hosts.append(address).append(' ').append(name).append('\n'));
        return hosts.toString();
    }
}
