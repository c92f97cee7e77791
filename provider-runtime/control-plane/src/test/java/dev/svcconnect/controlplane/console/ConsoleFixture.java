package dev.svcconnect.controlplane.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.metrics.ListenerCounters;
import dev.svcconnect.model.metrics.MetricsReport;
import dev.svcconnect.model.proxy.Direction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;

/**
 * A control plane holding the sample's shape through the ECS API: namespace {@code shop} with
 * clusters {@code east} (webui, appserver) and {@code west} (appserver, db), one task each; and
 * helpers to push metrics reports as the tasks' proxies would.
 */
@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
final class ConsoleFixture implements AutoCloseable {

    final ControlPlaneServer server;
    final EcsClient ecs;
    private final HttpClient http = HttpClient.newHttpClient();

    ConsoleFixture(Path data) {
        this(data, 8080, port -> port);
    }

    /**
     * @param webuiPort the container port of webui's task definition
     * @param aliasPort the client alias port of each service, from its container port
     */
    ConsoleFixture(Path data, int webuiPort, IntUnaryOperator aliasPort) {
        this(ControlPlaneConfig.builder().port(0).dataDirectory(data).build(), webuiPort, aliasPort);
    }

    /** The same resources on the control plane {@code config} describes (a replica on PostgreSQL, say). */
    ConsoleFixture(ControlPlaneConfig config) {
        this(config, 8080, port -> port);
    }

    private ConsoleFixture(ControlPlaneConfig config, int webuiPort, IntUnaryOperator aliasPort) {
        server = ControlPlaneServer.start(config);
        ecs = ControlPlaneFixture.ecs(server.endpoint(), ControlPlaneFixture.provider(server.adminCredentials()));
        for (String cluster : List.of("east", "west")) {
            ecs.createCluster(b -> b.clusterName(cluster).serviceConnectDefaults(d -> d.namespace("shop")));
        }
        taskDefinition("webui", webuiPort, "http");
        taskDefinition("appserver", 9090, "http");
        taskDefinition("db", 5432, null);
        int webuiAlias = aliasPort.applyAsInt(8080);
        int appserverAlias = aliasPort.applyAsInt(9090);
        service("east", "webui", webuiAlias);
        service("east", "appserver", appserverAlias);
        service("west", "appserver", appserverAlias);
        service("west", "db", aliasPort.applyAsInt(5432));
    }

    private void taskDefinition(String family, int port, String appProtocol) {
        ecs.registerTaskDefinition(b -> b.family(family)
                .networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE")
                .cpu("256")
                .memory("512")
                .containerDefinitions(ContainerDefinition.builder()
                        .name("app")
                        .image("example/" + family)
                        .command("java", "-jar", family + ".jar")
                        .portMappings(p -> p.name(family).containerPort(port).appProtocol(appProtocol))
                        .build()));
    }

    private void service(String cluster, String name, int port) {
        ecs.createService(CreateServiceRequest.builder()
                .cluster(cluster)
                .serviceName(name)
                .taskDefinition(name)
                .desiredCount(1)
                .launchType("FARGATE")
                .serviceConnectConfiguration(sc -> sc.enabled(true)
                        .services(s -> s.portName(name)
                                .discoveryName(name)
                                .clientAliases(a -> a.port(port).dnsName(name + ".shop"))))
                .build());
    }

    /** The id of the one task of a service. */
    String taskId(String cluster, String service) {
        String arn = ecs.listTasks(b -> b.cluster(cluster).serviceName(service))
                .taskArns()
                .get(0);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    static ListenerCounters inbound(String discoveryName, long requests, long bytes, long active) {
        return new ListenerCounters(
                Direction.INBOUND, discoveryName, active, requests, bytes, requests, 0, 0, 0, 0, 0, 0, 0, null);
    }

    static ListenerCounters outbound(String target, long ok, long errors, long bytes, double sumMillis) {
        return new ListenerCounters(
                Direction.OUTBOUND,
                target,
                0,
                0,
                bytes,
                ok + errors,
                0,
                ok,
                0,
                0,
                errors,
                ok + errors,
                sumMillis,
                List.of(new ListenerCounters.Bucket(10, ok), new ListenerCounters.Bucket(100, ok + errors)));
    }

    HttpResponse<String> push(
            String taskId, String service, String cluster, long startedAt, ListenerCounters... listeners)
            throws IOException, InterruptedException {
        MetricsReport report =
                new MetricsReport(service, cluster, startedAt, System.currentTimeMillis(), List.of(listeners));
        return post("/watch/v1/tasks/" + taskId + "/metrics", Json.mapper().writeValueAsString(report));
    }

    /** A {@link #push} that the control plane must take. */
    void pushTaken(String taskId, String service, String cluster, long startedAt, ListenerCounters... listeners)
            throws IOException, InterruptedException {
        HttpResponse<String> response = push(taskId, service, cluster, startedAt, listeners);
        if (response.statusCode() != 200) {
            throw new AssertionError("a metrics push answered " + response.statusCode() + ": " + response.body());
        }
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", TestSigning.bearer(server.adminCredentials()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    URI endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() {
        ecs.close();
        server.close();
    }
}
