package dev.svcconnect.e2e;

import dev.svcconnect.testsupport.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A pretend EC2 instance on this machine, to run svc-connect's user data for real: a network
 * namespace of its own whose end of a veth pair has {@link #address()} (a /30 in 10.231.0.0/16),
 * this machine's end {@link #hostAddress()}, where the emulated AWS and anything else it calls
 * listen. The user data runs with bash under {@link #root()} with the switches of a pretend
 * instance: {@code SVC_CONNECT_SKIP_PACKAGES=1}, {@code SVC_CONNECT_ROOT} and
 * {@code SVC_CONNECT_NO_SYSTEMD=1}. Closing it stops the user data, kills what is left in the
 * namespace and deletes it. Needs root.
 *
 * <pre>{@code
 * try (PretendInstance instance = PretendInstance.create(directory)) {
 *     instance.start(userData, aws.environment());
 * }
 * }</pre>
 */
final class PretendInstance implements AutoCloseable {

    /** Where every pretend instance's /30 is. */
    static final String NETWORK = "10.231.0.0/16";

    private final String name;
    private final String hostAddress;
    private final String address;
    private final Path root;
    private Process userData;

    private PretendInstance(String name, String hostAddress, String address, Path root) {
        this.name = name;
        this.hostAddress = hostAddress;
        this.address = address;
        this.root = root;
    }

    /** A pretend instance on a /30 of its own, its files under a new directory in {@code parent}. */
    static PretendInstance create(Path parent) throws IOException {
        int subnet = ThreadLocalRandom.current().nextInt(1, 1 << 14) * 4;
        String prefix = "10.231." + (subnet >> 8) + ".";
        String name = "svcc-pi" + Integer.toHexString(subnet);
        PretendInstance instance = new PretendInstance(
                name,
                prefix + ((subnet & 0xff) + 1),
                prefix + ((subnet & 0xff) + 2),
                Files.createDirectories(parent.resolve(name)));
        instance.join();
        return instance;
    }

    /** Its address, in its namespace. */
    String address() {
        return address;
    }

    /** This machine's address on the veth pair, which the instance reaches (and its default route). */
    String hostAddress() {
        return hostAddress;
    }

    /** Its file system root ({@code SVC_CONNECT_ROOT}). */
    Path root() {
        return root;
    }

    /** Where the user data's output goes. */
    Path log() {
        return root.resolve("user-data.log");
    }

    /**
     * Runs the user data {@code script} with bash in the namespace, with a clean environment of a
     * PATH (this JVM's java first), HOME, the pretend instance's switches and {@code environment}.
     */
    Process start(String script, Map<String, String> environment) throws IOException {
        Path file = Files.writeString(root.resolve("user-data.sh"), script);
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name, "env", "-i"));
        command.add("PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        command.add("HOME=" + root);
        environment.forEach((variable, value) -> command.add(variable + "=" + value));
        command.add("SVC_CONNECT_SKIP_PACKAGES=1");
        command.add("SVC_CONNECT_ROOT=" + root);
        command.add("SVC_CONNECT_NO_SYSTEMD=1");
        command.addAll(List.of("bash", file.toString()));
        userData = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .start();
        return userData;
    }

    /** Whether the user data still runs. */
    boolean isRunning() {
        return userData != null && userData.isAlive();
    }

    /** The end of the user data's output, for a failure's message. */
    String output() {
        try {
            String text = Files.readString(log());
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the user data, as systemd would stop its service; SIGKILL after 30 s. */
    void stop() throws InterruptedException {
        if (userData != null && userData.isAlive()) {
            userData.destroy();
            if (!userData.waitFor(30, TimeUnit.SECONDS)) {
                userData.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            for (String pid : Programs.run("ip", "netns", "pids", name).out().split("\\s+")) {
                if (!pid.isBlank()) {
                    Programs.run("kill", "-9", pid);
                }
            }
            Programs.run("ip", "netns", "del", name);
        }
    }

    private void join() {
        String hostEnd = name + "h";
        String instanceEnd = name + "i";
        try {
            ip("netns", "add", name);
            ip("link", "add", hostEnd, "type", "veth", "peer", "name", instanceEnd);
            ip("link", "set", instanceEnd, "netns", name);
            ip("addr", "add", hostAddress + "/30", "dev", hostEnd);
            ip("link", "set", hostEnd, "up");
            ip("-n", name, "addr", "add", address + "/30", "dev", instanceEnd);
            ip("-n", name, "link", "set", instanceEnd, "up");
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "route", "add", "default", "via", hostAddress);
        } catch (RuntimeException e) {
            Programs.run("ip", "link", "del", hostEnd);
            Programs.run("ip", "netns", "del", name);
            throw e;
        }
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Programs.Result result = Programs.run(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + result.err()
                    + " (a pretend instance needs root for its network namespace)");
        }
    }
}
