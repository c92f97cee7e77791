package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.internal.PhysicalNames;
import dev.svcconnect.provider.internal.Properties;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;
import software.amazon.awssdk.services.ecs.model.TimeoutConfiguration;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Maps the properties of {@code Custom::SvcConnectService} (those of {@code AWS::ECS::Service}:
 * {@code ServiceName}, {@code Cluster}, {@code TaskDefinition}, {@code DesiredCount},
 * {@code LaunchType}, {@code DeploymentConfiguration}, {@code ServiceConnectConfiguration}) to
 * CreateService and UpdateService requests, and decides when an update is a replacement.
 */
public final class ServiceRequests {

    /** The longest service name ECS accepts. */
    public static final int MAX_NAME_LENGTH = 255;

    private ServiceRequests() {}

    /** The service's name: {@code ServiceName}, or the one generated for it. */
    public static String serviceName(ProviderEvent event) {
        return PhysicalNames.effective(event, "ServiceName", MAX_NAME_LENGTH);
    }

    /**
     * Why an Update of {@code event} needs a new service (a new physical id), or {@code null} when
     * the service can be updated in place: the properties that ECS cannot change on a service are
     * its name, its cluster and its launch type.
     */
    public static String replacementReason(ProviderEvent event) {
        String name = serviceName(event);
        String current = PhysicalNames.lastSegment(event.physicalResourceId());
        if (!name.equals(current)) {
            return "ServiceName changed from '" + current + "' to '" + name + "'";
        }
        for (String immutable : List.of("Cluster", "LaunchType")) {
            String before = event.oldProperties().string(immutable);
            String after = event.properties().string(immutable);
            if (!Objects.equals(before, after)) {
                return immutable + " changed from '" + before + "' to '" + after + "'";
            }
        }
        return null;
    }

    /** The CreateService request of the service named {@code name}. */
    public static CreateServiceRequest create(Properties properties, String name) {
        String launchType = properties.string("LaunchType");
        return CreateServiceRequest.builder()
                .serviceName(name)
                .cluster(properties.requiredString("Cluster"))
                .taskDefinition(properties.requiredString("TaskDefinition"))
                .desiredCount(desiredCount(properties))
                .launchType(launchType == null ? null : launchType(properties, launchType))
                .deploymentConfiguration(deploymentConfiguration(properties))
                .serviceConnectConfiguration(serviceConnect(properties))
                .build();
    }

    /**
     * The UpdateService request of the service named {@code name}; a Service Connect
     * configuration that was removed is sent as {@code enabled: false}, as ECS expects.
     */
    public static UpdateServiceRequest update(Properties properties, String name) {
        ServiceConnectConfiguration serviceConnect = serviceConnect(properties);
        return UpdateServiceRequest.builder()
                .service(name)
                .cluster(properties.requiredString("Cluster"))
                .taskDefinition(properties.requiredString("TaskDefinition"))
                .desiredCount(desiredCount(properties))
                .deploymentConfiguration(deploymentConfiguration(properties))
                .serviceConnectConfiguration(
                        serviceConnect != null
                                ? serviceConnect
                                : ServiceConnectConfiguration.builder()
                                        .enabled(false)
                                        .build())
                .build();
    }

    private static int desiredCount(Properties properties) {
        Integer count = properties.integer("DesiredCount");
        if (count != null && count < 0) {
            throw properties.error("DesiredCount", count + " (expected: 0 or more)");
        }
        return count == null ? 1 : count;
    }

    private static LaunchType launchType(Properties properties, String value) {
        LaunchType type = LaunchType.fromValue(value);
        if (type == LaunchType.UNKNOWN_TO_SDK_VERSION) {
            throw properties.error("LaunchType", "'" + value + "' (expected one of: EC2, FARGATE, EXTERNAL)");
        }
        return type;
    }

    private static DeploymentConfiguration deploymentConfiguration(Properties properties) {
        if (!properties.has("DeploymentConfiguration")) {
            return null;
        }
        Properties deployment = properties.object("DeploymentConfiguration");
        Properties breaker = deployment.object("DeploymentCircuitBreaker");
        return DeploymentConfiguration.builder()
                .minimumHealthyPercent(percent(deployment, "MinimumHealthyPercent"))
                .maximumPercent(percent(deployment, "MaximumPercent"))
                .deploymentCircuitBreaker(
                        breaker.isEmpty()
                                ? null
                                : DeploymentCircuitBreaker.builder()
                                        .enable(Boolean.TRUE.equals(breaker.bool("Enable")))
                                        .rollback(Boolean.TRUE.equals(breaker.bool("Rollback")))
                                        .build())
                .build();
    }

    private static Integer percent(Properties properties, String name) {
        Integer value = properties.integer(name);
        if (value != null && value < 0) {
            throw properties.error(name, value + " (expected: 0 or more)");
        }
        return value;
    }

    private static ServiceConnectConfiguration serviceConnect(Properties properties) {
        if (!properties.has("ServiceConnectConfiguration")) {
            return null;
        }
        Properties config = properties.object("ServiceConnectConfiguration");
        Properties log = config.object("LogConfiguration");
        return ServiceConnectConfiguration.builder()
                .enabled(!Boolean.FALSE.equals(config.bool("Enabled")))
                .namespace(config.string("Namespace"))
                .services(
                        config.has("Services")
                                ? config.objects("Services").stream()
                                        .map(ServiceRequests::service)
                                        .toList()
                                : null)
                .logConfiguration(
                        log.isEmpty()
                                ? null
                                : LogConfiguration.builder()
                                        .logDriver(log.requiredString("LogDriver"))
                                        .options(log.stringMap("Options"))
                                        .build())
                .build();
    }

    private static ServiceConnectService service(Properties service) {
        Properties timeout = service.object("Timeout");
        return ServiceConnectService.builder()
                .portName(service.requiredString("PortName"))
                .discoveryName(service.string("DiscoveryName"))
                .ingressPortOverride(service.integer("IngressPortOverride"))
                .clientAliases(
                        service.has("ClientAliases")
                                ? service.objects("ClientAliases").stream()
                                        .map(alias -> ServiceConnectClientAlias.builder()
                                                .port(alias.integer("Port"))
                                                .dnsName(alias.string("DnsName"))
                                                .build())
                                        .toList()
                                : null)
                .timeout(
                        timeout.isEmpty()
                                ? null
                                : TimeoutConfiguration.builder()
                                        .idleTimeoutSeconds(timeout.integer("IdleTimeoutSeconds"))
                                        .perRequestTimeoutSeconds(timeout.integer("PerRequestTimeoutSeconds"))
                                        .build())
                .build();
    }
}
