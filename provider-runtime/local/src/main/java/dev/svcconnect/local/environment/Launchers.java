package dev.svcconnect.local.environment;

import java.util.List;

/**
 * The commands that run {@code svc-connect} for each kind of process a local environment starts,
 * each with its own JVM options; the subcommand and its options are appended.
 *
 * <p>Each is the {@code java} program, the JVM options of that kind of process and the program to
 * run, as {@code svc-connect}'s own command line builds them:
 *
 * <pre>{@code
 * List<String> program = List.of("-cp", classPath, "dev.svcconnect.cli.SvcConnect");
 * Launchers launchers = new Launchers(
 *         Stream.of(List.of(java), JvmOptions.controlPlane(), program).flatMap(List::stream).toList(),
 *         Stream.of(List.of(java), JvmOptions.agent(), program).flatMap(List::stream).toList(),
 *         // a load balancer is a proxy: the sidecar's options
 *         Stream.of(List.of(java), AgentConfig.PROXY_JVM_OPTIONS, program).flatMap(List::stream).toList());
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
