package dev.svcconnect.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Service;

/** Declares the tests' clusters, task definitions and services through the ECS API. */
final class Workloads {

    static final String NAMESPACE = "svc-namespace";
    private final EcsClient ecs;

    Workloads(EcsClient ecs) {
        this.ecs = ecs;
    }

    void cluster(String name) {
        ecs.createCluster(b -> b.clusterName(name).serviceConnectDefaults(d -> d.namespace(NAMESPACE)));
    }

    /** The java command that runs a main class of the test class path. */
    static List<String> java(String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    void httpServer(String service, String cluster, int count, String discoveryName, String dnsName, int port,
            ApplicationProtocol protocol) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("app").image("none")
                        .command(java(TaskIdServer.class.getName(), "8080"))
                        .portMappings(p -> p.name("http").containerPort(8080).appProtocol(protocol))))
                .taskDefinition().taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster).serviceName(service).taskDefinition(arn).desiredCount(count)
                .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(NAMESPACE)
                        .services(s -> s.portName("http").discoveryName(discoveryName)
                                .clientAliases(a -> a.dnsName(dnsName).port(port)))));
    }

    void client(String service, String cluster) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("app").image("none").command("sleep", "600")))
                .taskDefinition().taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster).serviceName(service).taskDefinition(arn).desiredCount(1)
                .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(NAMESPACE)));
    }

    Service service(String cluster, String name) {
        return ecs.describeServices(b -> b.cluster(cluster).services(name)).services().get(0);
    }

    void awaitRunning(String cluster, String name, int count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Service service = service(cluster, name);
            return service.runningCount() == count && service.pendingCount() == 0 && service.deployments().size() == 1;
        });
    }

    List<String> taskIds(String cluster, String service) {
        return ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns().stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).toList();
    }
}
