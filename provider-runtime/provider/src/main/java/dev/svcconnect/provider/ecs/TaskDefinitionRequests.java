package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.internal.Properties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * Maps the properties of {@code Custom::SvcConnectTaskDefinition} (those of
 * {@code AWS::ECS::TaskDefinition}: {@code Family}, {@code NetworkMode}, {@code Cpu},
 * {@code Memory}, {@code RequiresCompatibilities}, {@code ContainerDefinitions} with {@code Name},
 * {@code Image}, {@code Command}, {@code EntryPoint}, {@code Environment}, {@code Essential},
 * {@code Cpu}, {@code Memory}, {@code HealthCheck}, {@code PortMappings}, {@code Secrets},
 * {@code DockerLabels}, which carry a container's artifact) to a
 * RegisterTaskDefinition request, and compares a registered revision with the request.
 */
public final class TaskDefinitionRequests {

    private TaskDefinitionRequests() {}

    /** The RegisterTaskDefinition request for {@code properties}. */
    public static RegisterTaskDefinitionRequest register(Properties properties) {
        List<Properties> containers = properties.objects("ContainerDefinitions");
        if (containers.isEmpty()) {
            throw properties.error("ContainerDefinitions", "is required (expected: at least one container)");
        }
        List<Compatibility> compatibilities = properties.strings("RequiresCompatibilities") == null
                ? null
                : properties.strings("RequiresCompatibilities").stream()
                        .map(c -> known(
                                properties,
                                "RequiresCompatibilities",
                                c,
                                Compatibility::fromValue,
                                Compatibility.knownValues()))
                        .toList();
        String networkMode = properties.string("NetworkMode");
        return RegisterTaskDefinitionRequest.builder()
                .family(properties.requiredString("Family"))
                .networkMode(
                        networkMode == null
                                ? null
                                : known(
                                        properties,
                                        "NetworkMode",
                                        networkMode,
                                        NetworkMode::fromValue,
                                        NetworkMode.knownValues()))
                .cpu(properties.string("Cpu"))
                .memory(properties.string("Memory"))
                .requiresCompatibilities(compatibilities)
                .containerDefinitions(containers.stream()
                        .map(TaskDefinitionRequests::container)
                        .toList())
                .build();
    }

    /**
     * Whether {@code registered} has the content that {@code request} would register, comparing
     * only what the request sets: ECS and the control plane fill in defaults (a host port, CPU 0,
     * empty mount points, a start period of 0) that the request leaves out.
     */
    public static boolean sameContent(RegisterTaskDefinitionRequest request, TaskDefinition registered) {
        List<ContainerDefinition> wanted = request.containerDefinitions();
        List<ContainerDefinition> found = registered.containerDefinitions();
        if (wanted.size() != found.size()) {
            return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            if (!projected(wanted.get(i), wanted.get(i)).equals(projected(found.get(i), wanted.get(i)))) {
                return false;
            }
        }
        return Objects.equals(request.family(), registered.family())
                && (request.networkMode() == null || request.networkMode() == registered.networkMode())
                && (request.cpu() == null || request.cpu().equals(registered.cpu()))
                && (request.memory() == null || request.memory().equals(registered.memory()))
                && (!request.hasRequiresCompatibilities()
                        || request.requiresCompatibilities().equals(registered.requiresCompatibilities()));
    }

    private static ContainerDefinition container(Properties container) {
        Properties health = container.object("HealthCheck");
        List<Properties> environment = container.objects("Environment");
        List<Properties> secrets = container.objects("Secrets");
        return ContainerDefinition.builder()
                .name(container.requiredString("Name"))
                .image(container.string("Image"))
                .command(container.strings("Command"))
                .entryPoint(container.strings("EntryPoint"))
                .environment(each(
                        environment,
                        e -> KeyValuePair.builder()
                                .name(e.requiredString("Name"))
                                .value(e.string("Value"))
                                .build()))
                .secrets(each(
                        secrets,
                        secret -> Secret.builder()
                                .name(secret.requiredString("Name"))
                                .valueFrom(secret.requiredString("ValueFrom"))
                                .build()))
                .dockerLabels(container.has("DockerLabels") ? container.stringMap("DockerLabels") : null)
                .essential(container.bool("Essential"))
                .cpu(container.integer("Cpu"))
                .memory(container.integer("Memory"))
                .healthCheck(
                        health.isEmpty()
                                ? null
                                : HealthCheck.builder()
                                        .command(health.strings("Command"))
                                        .interval(health.integer("Interval"))
                                        .timeout(health.integer("Timeout"))
                                        .retries(health.integer("Retries"))
                                        .startPeriod(health.integer("StartPeriod"))
                                        .build())
                .portMappings(
                        container.has("PortMappings")
                                ? container.objects("PortMappings").stream()
                                        .map(TaskDefinitionRequests::portMapping)
                                        .toList()
                                : null)
                .build();
    }

    /** Each of {@code items} mapped, or null (the field left out) when there is none. */
    private static <T> List<T> each(List<Properties> items, Function<Properties, T> map) {
        return items.isEmpty() ? null : items.stream().map(map).toList();
    }

    private static PortMapping portMapping(Properties mapping) {
        Integer containerPort = mapping.integer("ContainerPort");
        if (containerPort == null) {
            throw mapping.error("ContainerPort", "is required");
        }
        String protocol = mapping.string("Protocol");
        String appProtocol = mapping.string("AppProtocol");
        return PortMapping.builder()
                .name(mapping.string("Name"))
                .containerPort(containerPort)
                .hostPort(mapping.integer("HostPort"))
                .protocol(
                        protocol == null
                                ? null
                                : known(
                                        mapping,
                                        "Protocol",
                                        protocol,
                                        TransportProtocol::fromValue,
                                        TransportProtocol.knownValues()))
                .appProtocol(
                        appProtocol == null
                                ? null
                                : known(
                                        mapping,
                                        "AppProtocol",
                                        appProtocol,
                                        ApplicationProtocol::fromValue,
                                        ApplicationProtocol.knownValues()))
                .build();
    }

    /** The fields of {@code container} that {@code shape} sets, with ECS's defaults made explicit. */
    private static ContainerDefinition projected(ContainerDefinition container, ContainerDefinition shape) {
        List<PortMapping> mappings = new ArrayList<>();
        for (PortMapping mapping : container.portMappings()) {
            mappings.add(PortMapping.builder()
                    .name(mapping.name())
                    .containerPort(mapping.containerPort())
                    .protocol(mapping.protocol() == null ? TransportProtocol.TCP : mapping.protocol())
                    .appProtocol(mapping.appProtocol())
                    .build());
        }
        Map<String, String> environment = new TreeMap<>();
        container.environment().forEach(e -> environment.put(e.name(), e.value() == null ? "" : e.value()));
        HealthCheck health = container.healthCheck();
        return ContainerDefinition.builder()
                .name(container.name())
                .image(container.image())
                .command(container.command())
                .entryPoint(container.entryPoint())
                .environment(environment.entrySet().stream()
                        .map(e -> KeyValuePair.builder()
                                .name(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())
                .secrets(container.secrets())
                .dockerLabels(container.dockerLabels())
                .essential(container.essential() == null || container.essential())
                .cpu(shape.cpu() == null ? null : container.cpu())
                .memory(shape.memory() == null ? null : container.memory())
                .healthCheck(
                        health == null
                                ? null
                                : HealthCheck.builder()
                                        .command(health.command())
                                        .interval(health.interval())
                                        .timeout(health.timeout())
                                        .retries(health.retries())
                                        .startPeriod(
                                                health.startPeriod() == null || health.startPeriod() == 0
                                                        ? null
                                                        : health.startPeriod())
                                        .build())
                .portMappings(mappings)
                .build();
    }

    private static <T> T known(
            Properties properties, String name, String value, Function<String, T> parse, Set<T> allowed) {
        T parsed = parse.apply(value);
        if (!allowed.contains(parsed)) {
            throw properties.error(
                    name,
                    "'" + value + "' (expected one of: "
                            + Arrays.toString(allowed.stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .toArray())
                                    .replaceAll("[\\[\\]]", "")
                            + ")");
        }
        return parsed;
    }
}
