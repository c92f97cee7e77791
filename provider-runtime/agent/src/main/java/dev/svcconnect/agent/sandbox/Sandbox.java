package dev.svcconnect.agent.sandbox;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How the agent of this host starts a container's command so that it cannot take the host. As
 * root, each container runs
 *
 * <ul>
 *   <li>as its definition's {@code user} ({@link RunAs}; {@value RunAs#DEFAULT_USER} by default,
 *       root only when asked for with {@code root} or {@code 0}), through {@code setpriv};
 *   <li>in its own PID and mount namespaces ({@code unshare --pid --fork --kill-child --mount-proc}),
 *       so {@code ps} shows its own processes only; a small shell stays PID 1 there, as root: it
 *       waits for the command and exits with its status, and its death (the agent's SIGKILL to
 *       {@code unshare}) ends every process of the namespace;
 *   <li>in its cgroup with the task definition's limits, where the host allows ({@link Cgroups},
 *       {@link #inCgroup});
 *   <li>with only the environment the agent builds ({@link #environment}), never the agent's.
 * </ul>
 *
 * An agent that is not root cannot switch users or make namespaces: containers then run as the
 * agent's user in the host's PID namespace, and {@link #limitations()} says so for the task's log.
 */
public final class Sandbox {

    /** The {@code PATH} of a container that does not set one: Docker's default. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * PID 1 of a container's PID namespace: runs its arguments, waits for them (a SIGTERM or SIGINT
     * only interrupts the wait: the agent signals the command itself) and exits with their status.
     */
    static final String INIT = "trap : TERM INT; \"$@\" & c=$!; "
            + "while :; do wait $c; s=$?; "
            + "if [ $s -gt 128 ] && kill -0 $c 2>/dev/null; then continue; fi; exit $s; done";

    /**
     * Moves itself into the cgroup whose {@code cgroup.procs} is {@code $1}, then becomes the rest of
     * its arguments. It runs before {@code ip netns exec}, which hides {@code /sys/fs/cgroup}.
     */
    static final String JOIN_CGROUP = "echo 0 > \"$1\" || { echo \"svc-connect: cannot join the cgroup of $1\" >&2;"
            + " exit 125; }; shift; exec \"$@\"";

    private final boolean root;
    private final Cgroups cgroups;
    private final RunAs agentUser;

    private Sandbox(boolean root, Cgroups cgroups, RunAs agentUser) {
        this.root = root;
        this.cgroups = requireNonNull(cgroups, "cgroups");
        this.agentUser = requireNonNull(agentUser, "agentUser");
    }

    /** The sandbox of this process: with users, namespaces and cgroups when it is root on Linux. */
    public static Sandbox detect() {
        RunAs self = agentUser();
        return new Sandbox(self.root(), Cgroups.detect(), self);
    }

    /**
     * What an agent that is not root gives its containers, whoever runs it: the agent's user, the
     * host's PID namespace, no cgroups (for tests of what does not depend on the sandbox).
     */
    public static Sandbox unconfined() {
        RunAs self = agentUser();
        return new Sandbox(false, Cgroups.none("the agent does not confine its containers"), self);
    }

    /** One line for the agent's log: how its containers run. */
    public String describe() {
        String users = root
                ? "containers run as their definition's user (default " + RunAs.DEFAULT_USER
                        + "), in PID and mount namespaces of their own"
                : "containers run as the agent's user (uid " + agentUser.uid()
                        + ") in the host's PID namespace: the agent is not root";
        return users + "; "
                + (cgroups.unavailable() == null
                        ? "CPU and memory limits in cgroup " + cgroups.parent()
                        : "no CPU or memory limits: " + cgroups.unavailable());
    }

    /** Whether containers run as their definition's user in namespaces of their own (the agent is root). */
    public boolean confines() {
        return root;
    }

    /** The host's cgroup subtree, or why there is none. */
    public Cgroups cgroups() {
        return cgroups;
    }

    /**
     * What this host cannot give a task, one line each (empty when it gives everything), for the
     * task's log: an agent that is not root, no usable cgroup v2 hierarchy.
     */
    public List<String> limitations() {
        List<String> lines = new ArrayList<>();
        if (!root) {
            lines.add("containers run as the agent's user (uid " + agentUser.uid()
                    + ") in the host's PID namespace, whatever their definition's user: the agent is not root");
        }
        if (cgroups.unavailable() != null) {
            lines.add("no CPU or memory limits: " + cgroups.unavailable());
        }
        return lines;
    }

    /**
     * The user a container with this definition {@code user} runs as: {@link RunAs#of}, or the
     * agent's own when the agent is not root.
     */
    public RunAs user(String definitionUser) {
        return root ? RunAs.of(definitionUser) : agentUser;
    }

    /** A container's command as the agent starts it in the task's network (which wraps it in turn). */
    public List<String> container(List<String> argv, RunAs user) {
        if (!root) {
            return List.copyOf(argv);
        }
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc",
                "--",
                "sh",
                "-c",
                INIT,
                "svc-connect-init"));
        command.addAll(asUser(argv, user));
        return command;
    }

    /**
     * {@code command} (a container's, wrapped in its network) started in the cgroup whose
     * {@code cgroup.procs} is given, so that every process it makes is in it; null: as it is.
     */
    public static List<String> inCgroup(List<String> command, Path cgroupProcs) {
        if (cgroupProcs == null) {
            return List.copyOf(command);
        }
        List<String> joined =
                new ArrayList<>(List.of("sh", "-c", JOIN_CGROUP, "svc-connect-cgroup", cgroupProcs.toString()));
        joined.addAll(command);
        return joined;
    }

    /** {@code argv} run as {@code user} (a health check's command): through {@code setpriv} unless it is root's. */
    public List<String> asUser(List<String> argv, RunAs user) {
        if (!root || user.root()) {
            return List.copyOf(argv);
        }
        List<String> command = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=" + user.uid(),
                "--regid=" + user.gid(),
                user.known() ? "--init-groups" : "--clear-groups",
                "--"));
        command.addAll(argv);
        return command;
    }

    /**
     * The base of a container's environment: {@value #DEFAULT_PATH} as {@code PATH} and the user's
     * home as {@code HOME} (its working directory when its home does not exist). The task
     * definition's variables and the agent's {@code SVC_CONNECT_*} and {@code ECS_*} ones go on top.
     */
    public static Map<String, String> environment(RunAs user, Path workDirectory) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        boolean hasHome = user.home() != null && Files.isDirectory(Path.of(user.home()));
        environment.put("HOME", hasHome ? user.home() : workDirectory.toString());
        return environment;
    }

    /**
     * Creates a container's working directory (under the task's directory), owned by its user with
     * mode 0700; the directories above it up to the task's (logs, records) stay the agent's, mode
     * 0711, so the container reaches its own directory but cannot list or change the task's files.
     */
    public void prepareWorkDirectory(Path taskDirectory, Path workDirectory, RunAs user) throws IOException {
        if (!workDirectory.startsWith(taskDirectory) || workDirectory.equals(taskDirectory)) {
            throw new IllegalArgumentException(
                    "workDirectory: " + workDirectory + " (expected: under " + taskDirectory + ")");
        }
        Files.createDirectories(workDirectory);
        if (root) {
            for (Path up = workDirectory.getParent(); up.startsWith(taskDirectory); up = up.getParent()) {
                Files.setPosixFilePermissions(up, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Files.setAttribute(workDirectory, "unix:uid", (int) user.uid());
            Files.setAttribute(workDirectory, "unix:gid", (int) user.gid());
        }
        Files.setPosixFilePermissions(workDirectory, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Lets every container user pass through the directories above {@code directory} (the agent's
     * task directories), which it creates: as root, each directory above it that others may not
     * search ({@code o+x}) is given that one bit, never read or write. A container runs as another
     * user than the agent, and the JVM (like {@code realpath}) resolves a jar's path from {@code /}
     * down: under a directory mode 0700 (a home, a test's temporary directory) the container cannot
     * even open the files in its own working directory. Nothing changes when the agent is not root,
     * whose containers run as itself.
     *
     * @return the directories given {@code o+x}, nearest to the root first, for the agent's log
     */
    public List<Path> letContainersReach(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        List<Path> opened = new ArrayList<>();
        if (!root) {
            return opened;
        }
        for (Path up = absolute.getRoot(); up != null; up = next(up, absolute)) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(up);
            if (!mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                mode.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(up, mode);
                opened.add(up);
            }
        }
        return opened;
    }

    /** The directory one step below {@code current} on the way to {@code target}, null past it. */
    private static Path next(Path current, Path target) {
        return current.equals(target) ? null : current.resolve(target.getName(current.getNameCount()));
    }

    /**
     * Gives what is under {@code directory} (the agent wrote it there) to {@code user}, links not
     * followed; nothing when the agent is not root, whose containers run as itself.
     */
    public void handOver(Path directory, RunAs user) throws IOException {
        if (!root) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", (int) user.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) user.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** The agent's own user. */
    private static RunAs agentUser() {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            boolean linux = System.getProperty("os.name", "").startsWith("Linux");
            return new RunAs(linux ? uid : -1, gid, System.getProperty("user.home"), true);
        } catch (IOException | RuntimeException e) {
            return new RunAs(-1, -1, System.getProperty("user.home"), true);
        }
    }
}
