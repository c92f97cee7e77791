package dev.svcconnect.controlplane.server;

import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/** Shared steps of the tests: a cluster, a task definition with a named port, a Service Connect service. */
@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
public final class SdkClients {

    private SdkClients() {}

    public static void cluster(EcsClient ecs, String name, String namespace) {
        ecs.createCluster(b -> b.clusterName(name).serviceConnectDefaults(d -> d.namespace(namespace)));
    }

    public static RegisterTaskDefinitionResponse taskDefinition(
            EcsClient ecs, String family, String portName, int port, String appProtocol) {
        return ecs.registerTaskDefinition(b -> b.family(family)
                .networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("EC2", "FARGATE")
                .cpu("256")
                .memory("512")
                .containerDefinitions(ContainerDefinition.builder()
                        .name("app")
                        .image("example/app:1")
                        .command("java", "-jar", "app.jar")
                        .portMappings(p -> p.name(portName).containerPort(port).appProtocol(appProtocol))
                        .build()));
    }

    public static Service scService(
            EcsClient ecs,
            String cluster,
            String name,
            String taskDefinition,
            String portName,
            String discoveryName,
            String dnsName,
            int aliasPort,
            int desiredCount) {
        return scService(
                ecs,
                cluster,
                name,
                taskDefinition,
                desiredCount,
                sc -> sc.enabled(true)
                        .services(s -> s.portName(portName)
                                .discoveryName(discoveryName)
                                .clientAliases(a -> a.port(aliasPort).dnsName(dnsName))));
    }

    public static Service scService(
            EcsClient ecs,
            String cluster,
            String name,
            String taskDefinition,
            int desiredCount,
            Consumer<software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration.Builder> serviceConnect) {
        return ecs.createService(CreateServiceRequest.builder()
                        .cluster(cluster)
                        .serviceName(name)
                        .taskDefinition(taskDefinition)
                        .desiredCount(desiredCount)
                        .launchType("FARGATE")
                        .serviceConnectConfiguration(serviceConnect)
                        .build())
                .service();
    }
}
