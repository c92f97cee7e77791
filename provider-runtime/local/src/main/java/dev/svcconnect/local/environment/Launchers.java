package dev.svcconnect.local.environment;

import java.util.List;

/**
 * The commands that run {@code svc-connect} for each kind of process a local environment starts,
 * each with its own JVM options; the subcommand and its options are appended.
 *
 * <pre>{@code
 * List<String> program = List.of("-cp", jar, "dev.svcconnect.cli.SvcConnect");
 * Launchers launchers = new Launchers(
 *         concat(java, JvmOptions.controlPlane(), program),
 *         concat(java, JvmOptions.agent(), program),
 *         concat(java, program));
 * }</pre>
 *
 * @param controlPlane runs {@code svc-connect control-plane}
 * @param agent runs {@code svc-connect agent}, for fleets and Fargate-like capacity
 * @param loadBalancer runs {@code svc-connect proxy --load-balance}, for a LoadBalancer resource
 */
public record Launchers(List<String> controlPlane, List<String> agent, List<String> loadBalancer) {

    public Launchers {
        controlPlane = command(controlPlane, "controlPlane");
        agent = command(agent, "agent");
        loadBalancer = command(loadBalancer, "loadBalancer");
    }

    /** The same command for every process. */
    public static Launchers of(List<String> command) {
        return new Launchers(command, command, command);
    }

    private static List<String> command(List<String> command, String name) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException(name + ": must name a command");
        }
        return List.copyOf(command);
    }
}
