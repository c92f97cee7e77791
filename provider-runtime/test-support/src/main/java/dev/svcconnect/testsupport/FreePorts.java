package dev.svcconnect.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later (a server that can take port 0 should).
 *
 * <p>Ports come from below the kernel's ephemeral range: a port the kernel handed out with port
 * 0 is also what it hands to the next outgoing connection, so between "free a moment ago" and the
 * server's bind a client socket of a busy test (load loops, proxies dialling backends) could take
 * it. Below the range only another listener can, and a random pick makes that unlikely across
 * test JVMs running side by side.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final int ATTEMPTS = 200;

    private FreePorts() {}

    /** A loopback port that was free a moment ago and that no outgoing connection will take. */
    public static int next() {
        int highest = ephemeralLow() - 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = random.nextInt(LOWEST, highest + 1);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free loopback port between " + LOWEST + " and " + highest + " after " + ATTEMPTS + " tries");
    }

    /** A port P free together with P + 1 (a server that takes two neighbouring ports). */
    public static int pair() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = next();
            if (isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free neighbouring loopback ports after " + ATTEMPTS + " tries");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of {@code net.ipv4.ip_local_port_range}, or Linux's default. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
