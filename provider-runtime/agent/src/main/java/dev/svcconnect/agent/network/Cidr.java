package dev.svcconnect.agent.network;

/** A private IPv4 network that never routes off the host: 10/8, 172.16/12 or 192.168/16, /16 to /29. */
record Cidr(int network, int prefixLength) {

    static Cidr parse(String cidr) {
        String expected = "cidr: '" + cidr + "' (expected: a private IPv4 network such as 10.213.0.0/16, /16 to /29)";
        if (cidr == null || !cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw new IllegalArgumentException(expected);
        }
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        int address = 0;
        for (String octet : parts[0].split("\\.")) {
            int value = Integer.parseInt(octet);
            if (value > 255) {
                throw new IllegalArgumentException(expected);
            }
            address = (address << 8) | value;
        }
        boolean isPrivate = (address >>> 24) == 10 || (address >>> 20) == 0xAC1 || (address >>> 16) == 0xC0A8;
        if (prefix < 16 || prefix > 29 || !isPrivate) {
            throw new IllegalArgumentException(expected);
        }
        int mask = -1 << (32 - prefix);
        return new Cidr(address & mask, prefix);
    }

    /** The bridge's address: the network's first. */
    String gateway() {
        return format(network + 1);
    }

    /** The address of task slot {@code index} (1 and up). */
    String address(int index) {
        return format(network + 1 + index);
    }

    /** How many task slots fit (all but the network, bridge and broadcast addresses). */
    int slots() {
        return (1 << (32 - prefixLength)) - 3;
    }

    private static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
