package dev.svcconnect.agent.network;

import dev.svcconnect.model.tls.CaBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network namespace per task, with a veth on a bridge shared by the agents of this machine.
 * The bridge has the network's first address and no route off the host; a relay on it per control
 * plane replica lets the tasks' proxies reach the replicas on the host's loopback (and fail over
 * among them as the agent does).
 */
final class NetnsIsolation implements Isolation {

    private static final Logger log = LoggerFactory.getLogger(NetnsIsolation.class);

    /**
     * The file of the agent's data directory that keeps the relay's port across agent restarts: the
     * first replica's; the Nth's (from 2) is {@code control-plane-relay-N.port}.
     */
    static final String RELAY_PORT_FILE = "control-plane-relay.port";

    private final NetnsSettings settings;
    private final Cidr cidr;
    private final Leases leases;
    private final List<ControlPlaneRelay> relays = new ArrayList<>();
    private final List<URI> relayUris = new ArrayList<>();

    NetnsIsolation(List<URI> controlPlanes, NetnsSettings settings, Path dataDirectory, Optional<CaBundle> caBundle)
            throws IOException {
        this.settings = settings;
        this.cidr = Cidr.parse(settings.cidr());
        this.leases = new Leases(settings.leaseDirectory().resolve(settings.bridge()), 1, cidr.slots());
        ensureBridge();
        try {
            for (int i = 0; i < controlPlanes.size(); i++) {
                ControlPlaneRelay relay = new ControlPlaneRelay(
                        cidr.gateway(), controlPlanes.get(i), dataDirectory.resolve(relayPortFile(i)), caBundle);
                relays.add(relay);
                relayUris.add(relay.uri());
            }
        } catch (IOException | RuntimeException e) {
            relays.forEach(ControlPlaneRelay::close);
            throw e;
        }
    }

    /** The port file of the relay to the {@code index}th replica (from 0). */
    static String relayPortFile(int index) {
        return index == 0 ? RELAY_PORT_FILE : "control-plane-relay-" + (index + 1) + ".port";
    }

    private void ensureBridge() throws IOException {
        String bridge = settings.bridge();
        if (!Files.exists(Path.of("/sys/class/net", bridge))) {
            Exec.runQuietly(List.of("ip", "link", "add", bridge, "type", "bridge"));
            log.info("bridge {} with {}", bridge, settings.cidr());
        }
        String addresses = Exec.run(List.of("ip", "-o", "-4", "addr", "show", "dev", bridge));
        if (!addresses.contains(" " + cidr.gateway() + "/")) {
            Exec.runQuietly(List.of("ip", "addr", "add", cidr.gateway() + "/" + cidr.prefixLength(), "dev", bridge));
        }
        Exec.run(List.of("ip", "link", "set", bridge, "up"));
    }

    @Override
    public String mode() {
        return "netns";
    }

    @Override
    public String hostAddress() {
        return cidr.gateway();
    }

    @Override
    public TaskNetwork open(String taskId, Path taskDirectory) throws IOException {
        Leases.Lease lease = leases.acquire();
        String suffix = Integer.toString(lease.index());
        String namespace = settings.namePrefix() + "-" + suffix;
        String hostVeth = settings.namePrefix() + "h" + suffix;
        String taskVeth = settings.namePrefix() + "t" + suffix;
        String address = cidr.address(lease.index());
        NetnsTaskNetwork network = new NetnsTaskNetwork(namespace, hostVeth, address, relayUris, lease);
        try {
            network.removeLeftovers();
            Exec.run(List.of("ip", "netns", "add", namespace));
            Exec.run(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", taskVeth));
            Exec.run(List.of("ip", "link", "set", taskVeth, "netns", namespace));
            Exec.run(List.of("ip", "link", "set", hostVeth, "master", settings.bridge(), "up"));
            Exec.run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
            Exec.run(List.of(
                    "ip", "-n", namespace, "addr", "add", address + "/" + cidr.prefixLength(), "dev", taskVeth));
            Exec.run(List.of("ip", "-n", namespace, "link", "set", taskVeth, "up"));
            network.writeHosts(java.util.Map.of());
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    @Override
    public Optional<TaskNetwork> adopt(String name, Path taskDirectory) throws IOException {
        OptionalInt index = slotOf(name);
        String hostVeth = settings.namePrefix() + "h" + index.orElse(0);
        if (index.isEmpty()
                || !Files.exists(Path.of("/run/netns", name))
                || !Files.exists(Path.of("/sys/class/net", hostVeth))) {
            return Optional.empty();
        }
        return leases.tryAcquire(index.getAsInt())
                .map(lease -> new NetnsTaskNetwork(name, hostVeth, cidr.address(index.getAsInt()), relayUris, lease));
    }

    /** The slot of a namespace of this agent's prefix ({@code PREFIX-N}); empty for another name. */
    private OptionalInt slotOf(String name) {
        String prefix = settings.namePrefix() + "-";
        if (!name.matches(Pattern.quote(prefix) + "[0-9]{1,5}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(name.substring(prefix.length())));
    }

    @Override
    public List<String> reclaim(String name) {
        String prefix = settings.namePrefix() + "-";
        if (!name.matches(Pattern.quote(prefix) + "[0-9]{1,5}")) {
            return List.of("left network " + name + " alone: not a namespace of prefix " + settings.namePrefix());
        }
        int index = Integer.parseInt(name.substring(prefix.length()));
        try {
            Optional<Leases.Lease> lease = leases.tryAcquire(index);
            if (lease.isEmpty()) {
                return List.of("left network namespace " + name + " alone: a running agent uses its address again");
            }
            String suffix = Integer.toString(index);
            return new NetnsTaskNetwork(
                            name, settings.namePrefix() + "h" + suffix, cidr.address(index), relayUris, lease.get())
                    .removeAndRelease();
        } catch (IOException e) {
            return List.of("could not reclaim network namespace " + name + ": " + e.getMessage());
        }
    }

    /** Stops the relays; removes the bridge once no task of any agent uses it. */
    @Override
    public void close() {
        relays.forEach(ControlPlaneRelay::close);
        Path ports = Path.of("/sys/class/net", settings.bridge(), "brif");
        try (var attached = Files.list(ports)) {
            if (attached.findAny().isEmpty()) {
                Exec.runQuietly(List.of("ip", "link", "del", settings.bridge()));
                leases.removeAll();
            }
        } catch (IOException e) {
            // the bridge is gone already
        }
    }
}
