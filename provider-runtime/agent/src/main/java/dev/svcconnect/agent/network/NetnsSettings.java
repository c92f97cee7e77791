package dev.svcconnect.agent.network;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Settings of netns isolation.
 *
 * @param bridge the bridge every task's veth joins, shared by the agents of this machine; at most 15
 *     characters; default {@value #DEFAULT_BRIDGE}
 * @param cidr the tasks' network, private (10/8, 172.16/12 or 192.168/16), /16 to /29; the bridge
 *     takes its first address; default {@value #DEFAULT_CIDR}
 * @param namePrefix the prefix of network namespace and veth names, 1-8 of {@code [a-z0-9]};
 *     default {@value #DEFAULT_PREFIX}
 * @param leaseDirectory where the address leases of the bridge are kept
 */
public record NetnsSettings(String bridge, String cidr, String namePrefix, Path leaseDirectory) {

    public static final String DEFAULT_BRIDGE = "svcc0";
    public static final String DEFAULT_CIDR = "10.213.0.0/16";
    public static final String DEFAULT_PREFIX = "svcc";

    public NetnsSettings {
        requireNonNull(leaseDirectory, "leaseDirectory");
        if (bridge == null || !bridge.matches("[a-zA-Z0-9_.-]{1,15}")) {
            throw new IllegalArgumentException("bridge: '" + bridge + "' (expected: 1-15 of a-z, 0-9, _ . -)");
        }
        if (namePrefix == null || !namePrefix.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("namePrefix: '" + namePrefix + "' (expected: 1-8 of a-z and 0-9)");
        }
        Cidr.parse(cidr);
    }

    /** The defaults, with leases under {@code /run/svc-connect}. */
    public static NetnsSettings defaults() {
        return new NetnsSettings(DEFAULT_BRIDGE, DEFAULT_CIDR, DEFAULT_PREFIX, Path.of("/run/svc-connect"));
    }
}
