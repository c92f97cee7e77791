package dev.svcconnect.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;

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

    /**
     * The user of the tasks that run {@link #java} commands: root, asked for explicitly, because the
     * test class path lies in a Maven repository only root may read (the agent's default user,
     * nobody, could not load a class of it).
     */
    static final String TEST_CLASS_PATH_USER = "root";

    /** The java command that runs a main class of the test class path. */
    static List<String> java(String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    void httpServer(
            String service,
            String cluster,
            int count,
            String discoveryName,
            String dnsName,
            int port,
            ApplicationProtocol protocol) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app")
                                .image("none")
                                .command(java(TaskIdServer.class.getName(), "8080"))
                                .user(TEST_CLASS_PATH_USER)
                                .portMappings(
                                        p -> p.name("http").containerPort(8080).appProtocol(protocol))))
                .taskDefinition()
                .taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(arn)
                .desiredCount(count)
                .serviceConnectConfiguration(sc -> sc.enabled(true)
                        .namespace(NAMESPACE)
                        .services(s -> s.portName("http")
                                .discoveryName(discoveryName)
                                .clientAliases(a -> a.dnsName(dnsName).port(port)))));
    }

    void client(String service, String cluster) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app").image("none").command("sleep", "600")))
                .taskDefinition()
                .taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(arn)
                .desiredCount(1)
                .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(NAMESPACE)));
    }

    /** A new revision of a server's task definition that differs by its environment only: {@code REVISION=revision}. */
    String serverRevision(String family, int revision) {
        return serverRevision(
                family,
                List.of(KeyValuePair.builder()
                        .name("REVISION")
                        .value(Integer.toString(revision))
                        .build()),
                false);
    }

    /** A new revision of a server's task definition: more environment, or a command that exits at once. */
    String serverRevision(String family, List<KeyValuePair> environment, boolean crashing) {
        List<String> command =
                crashing ? List.of("sh", "-c", "echo crashing; exit 3") : java(TaskIdServer.class.getName(), "8080");
        return ecs.registerTaskDefinition(b -> b.family(family)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app")
                                .image("none")
                                .command(command)
                                .user(TEST_CLASS_PATH_USER)
                                .environment(environment)
                                .portMappings(
                                        p -> p.name("http").containerPort(8080).appProtocol(ApplicationProtocol.HTTP))))
                .taskDefinition()
                .taskDefinitionArn();
    }

    /** A client-only service of launch type FARGATE (awsvpc), which only Fargate-like capacity takes. */
    void fargateClient(String service, String cluster) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service)
                        .cpu("256")
                        .memory("512")
                        .networkMode(NetworkMode.AWSVPC)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .containerDefinitions(c -> c.name("app").image("none").command("sleep", "600")))
                .taskDefinition()
                .taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(arn)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-local")))
                .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(NAMESPACE)));
    }

    /** grpc-java's health service as a task, reached over gRPC by its client alias. */
    void grpcServer(String service, String cluster, String dnsName, int port) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app")
                                .image("none")
                                .command(java(GrpcHealthServer.class.getName(), "50051"))
                                .user(TEST_CLASS_PATH_USER)
                                .portMappings(p ->
                                        p.name("grpc").containerPort(50051).appProtocol(ApplicationProtocol.GRPC))))
                .taskDefinition()
                .taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(arn)
                .desiredCount(1)
                .serviceConnectConfiguration(sc -> sc.enabled(true)
                        .namespace(NAMESPACE)
                        .services(s -> s.portName("grpc")
                                .discoveryName(service)
                                .clientAliases(a -> a.dnsName(dnsName).port(port)))));
    }

    /** Debian's redis-server as a task, reached over TCP by its client alias. */
    void redis(String service, String cluster, String dnsName, int port) {
        String arn = ecs.registerTaskDefinition(b -> b.family(service)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("redis")
                                .image("redis")
                                .command(
                                        "sh",
                                        "-c",
                                        "exec redis-server --port 6379 --bind \"$SVC_CONNECT_APP_ADDRESS\" --save '' --appendonly no")
                                .portMappings(p -> p.name("redis").containerPort(6379))))
                .taskDefinition()
                .taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(arn)
                .desiredCount(1)
                .serviceConnectConfiguration(sc -> sc.enabled(true)
                        .namespace(NAMESPACE)
                        .services(s -> s.portName("redis")
                                .discoveryName(service)
                                .clientAliases(a -> a.dnsName(dnsName).port(port)))));
    }

    /**
     * {@link ChaosServer} tasks, reached by three client aliases: {@code web.svc:80} (HTTP/1.1),
     * {@code rpc.svc:50051} (gRPC) and {@code tcp.svc:7000} (TCP); {@code perRequestTimeoutSeconds}
     * (0: the default) applies to the first two.
     */
    void chaosServer(String service, String cluster, int count, int perRequestTimeoutSeconds) {
        String arn = chaosServerRevision(service, List.of());
        ecs.createService(b -> b.cluster(cluster)
                .serviceName(service)
                .taskDefinition(arn)
                .desiredCount(count)
                .serviceConnectConfiguration(sc -> sc.enabled(true)
                        .namespace(NAMESPACE)
                        .services(
                                chaosEntry("http", "web", 80, perRequestTimeoutSeconds),
                                chaosEntry("grpc", "rpc", ChaosServer.GRPC_PORT, perRequestTimeoutSeconds),
                                chaosEntry("tcp", "tcp", ChaosServer.TCP_PORT, 0))));
    }

    /** A revision of a {@link #chaosServer}'s task definition with {@code environment}. */
    String chaosServerRevision(String family, List<KeyValuePair> environment) {
        return ecs.registerTaskDefinition(b -> b.family(family)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app")
                                .image("none")
                                .command(java(ChaosServer.class.getName()))
                                .user(TEST_CLASS_PATH_USER)
                                .environment(environment)
                                .portMappings(
                                        p -> p.name("http")
                                                .containerPort(ChaosServer.HTTP_PORT)
                                                .appProtocol(ApplicationProtocol.HTTP),
                                        p -> p.name("grpc")
                                                .containerPort(ChaosServer.GRPC_PORT)
                                                .appProtocol(ApplicationProtocol.GRPC),
                                        p -> p.name("tcp").containerPort(ChaosServer.TCP_PORT))))
                .taskDefinition()
                .taskDefinitionArn();
    }

    private static ServiceConnectService chaosEntry(String portName, String name, int port, int timeoutSeconds) {
        ServiceConnectService.Builder entry = ServiceConnectService.builder()
                .portName(portName)
                .discoveryName(name)
                .clientAliases(a -> a.dnsName(name + ".svc").port(port));
        if (timeoutSeconds > 0) {
            entry.timeout(t -> t.perRequestTimeoutSeconds(timeoutSeconds));
        }
        return entry.build();
    }

    /**
     * Two {@link ChaosServer} tasks (service {@code server}) and a client task (service
     * {@code client}) of {@code cluster}, once running: the server tasks' ids.
     */
    List<String> chaosServersAndClient(String cluster) {
        chaosServer("server", cluster, 2, 0);
        client("client", cluster);
        awaitRunning(cluster, "server", 2);
        awaitRunning(cluster, "client", 1);
        return taskIds(cluster, "server");
    }

    Service service(String cluster, String name) {
        return ecs.describeServices(b -> b.cluster(cluster).services(name))
                .services()
                .get(0);
    }

    void awaitRunning(String cluster, String name, int count) {
        awaitRunning(cluster, name, count, Duration.ofSeconds(90));
    }

    void awaitRunning(String cluster, String name, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            Service service = service(cluster, name);
            return service.runningCount() == count
                    && service.pendingCount() == 0
                    && service.deployments().size() == 1;
        });
    }

    /** The container instance each task of a service runs on. */
    List<String> hostsOf(String cluster, String service) {
        List<String> arns =
                ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return ecs.describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks().stream()
                .map(t -> t.containerInstanceArn() == null ? "" : t.containerInstanceArn())
                .toList();
    }

    List<String> taskIds(String cluster, String service) {
        return ecs.listTasks(b -> b.cluster(cluster).serviceName(service)).taskArns().stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .toList();
    }
}
