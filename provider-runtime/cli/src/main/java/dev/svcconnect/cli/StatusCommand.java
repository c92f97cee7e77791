package dev.svcconnect.cli;

import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.local.state.StackState;
import dev.svcconnect.local.state.StackStore;
import dev.svcconnect.provider.ControlPlane;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/** {@code svc-connect status}: the local stacks, then each cluster's services and tasks. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the local stacks, services and tasks.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private EnvironmentOptions local;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalEnvironment environment = local.environment();
        Optional<URI> running = environment.running();
        if (running.isEmpty()) {
            out.println("No local environment runs in " + environment.directory() + " (svc-connect deploy starts one)");
            return 0;
        }
        URI endpoint = running.get();
        out.println("Control plane: " + endpoint);
        List<StackState> stacks = new StackStore(endpoint).list();
        out.println("Stacks:" + (stacks.isEmpty() ? " none" : ""));
        for (StackState stack : stacks) {
            out.printf(
                    "  %-32s %3d resources  updated %s%n",
                    stack.stackName(),
                    stack.resources().stream().filter(r -> !r.skipped()).count(),
                    stack.updatedAt());
        }
        try (ControlPlane controlPlane = ControlPlane.connect(endpoint.toString(), environment.adminCredentials())) {
            EcsClient ecs = controlPlane.ecs();
            for (String cluster : ecs.listClusters().clusterArns()) {
                String name = cluster.substring(cluster.lastIndexOf('/') + 1);
                out.println("Cluster " + name + ":");
                List<String> services = ecs.listServices(b -> b.cluster(name)).serviceArns();
                if (!services.isEmpty()) {
                    for (Service service : ecs.describeServices(
                                    b -> b.cluster(name).services(services))
                            .services()) {
                        out.printf(
                                "  service %-24s %-8s desired %d, running %d, pending %d%n",
                                service.serviceName(),
                                service.launchTypeAsString(),
                                service.desiredCount(),
                                service.runningCount(),
                                service.pendingCount());
                    }
                }
                List<String> tasks = ecs.listTasks(b -> b.cluster(name)).taskArns();
                if (!tasks.isEmpty()) {
                    for (Task task :
                            ecs.describeTasks(b -> b.cluster(name).tasks(tasks)).tasks()) {
                        out.printf(
                                "  task    %-24s %-8s %s%n",
                                task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1),
                                task.lastStatus(),
                                task.healthStatusAsString());
                    }
                }
            }
        }
        return 0;
    }
}
