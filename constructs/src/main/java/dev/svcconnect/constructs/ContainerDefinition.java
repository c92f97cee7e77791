package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.Rendering;
import dev.svcconnect.constructs.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.constructs.Construct;

/**
 * A container of a {@link TaskDefinition}, created with {@link TaskDefinition#addContainer}; it
 * renders one entry of the task definition's {@code ContainerDefinitions}.
 */
public class ContainerDefinition extends Construct {

    private static final List<String> COMMAND_FORMS = List.of("CMD", "CMD-SHELL", "NONE");

    private final TaskDefinition taskDefinition;
    private final String containerName;
    private final ContainerDefinitionOptions options;
    private final List<PortMapping> portMappings = new ArrayList<>();
    /** The {@code DockerLabels} naming the container's artifact, or null without one. */
    private final Map<String, String> artifactLabels;

    ContainerDefinition(TaskDefinition taskDefinition, String id, ContainerDefinitionOptions options) {
        super(taskDefinition, id);
        this.taskDefinition = taskDefinition;
        this.options = options;
        this.containerName = options.getContainerName() == null
                ? id
                : Validation.resourceName(options.getContainerName(), "containerName");
        if (options.getHealthCheck() != null) {
            validateHealthCheck(options.getHealthCheck());
        }
        this.artifactLabels =
                options.getArtifact() == null ? null : options.getArtifact().bind(this);
        if (options.getPortMappings() != null) {
            addPortMappings(options.getPortMappings().toArray(PortMapping[]::new));
        }
        if (options.getSecrets() != null) {
            List<String> unserved = new TreeMap<>(options.getSecrets())
                    .entrySet().stream()
                            .filter(secret -> secret.getValue().isFromSecretsManager())
                            .map(Map.Entry::getKey)
                            .toList();
            if (!unserved.isEmpty()) {
                Annotations.of(this)
                        .addWarningV2(
                                "@svc-connect/constructs:secretsManagerNotServed",
                                "secrets " + unserved + " name Secrets Manager secrets, which the svc-connect control"
                                        + " plane does not serve: the task will stop at its start with"
                                        + " ResourceInitializationError. Use Secret.fromSsmParameter with a"
                                        + " parameter put with 'aws ssm put-parameter --type SecureString'");
            }
        }
    }

    /** Adds port mappings to the container, checking each one's name, port and protocol. */
    public void addPortMappings(PortMapping... mappings) {
        for (PortMapping mapping : mappings) {
            String field = "portMappings[" + portMappings.size() + "]";
            Validation.port(mapping.getContainerPort(), field + ".containerPort");
            if (mapping.getHostPort() != null
                    && !Validation.isToken(mapping.getHostPort())
                    && mapping.getHostPort().intValue() != 0) {
                Validation.port(mapping.getHostPort(), field + ".hostPort");
            }
            if (mapping.getAppProtocol() != null && mapping.getName() == null) {
                throw new IllegalArgumentException(
                        "Service connect-related port mapping field 'appProtocol' cannot be set without 'name'");
            }
            if (mapping.getName() != null) {
                Validation.portName(mapping.getName(), field + ".name");
                if (taskDefinition.getNetworkMode() == NetworkMode.HOST) {
                    throw new IllegalArgumentException("Service connect related port mapping fields 'name' and"
                            + " 'appProtocol' are not supported for network mode host");
                }
                if (taskDefinition.findPortMappingByName(mapping.getName()) != null) {
                    throw new IllegalArgumentException(
                            "Port mapping name '" + mapping.getName() + "' is already used on task definition "
                                    + taskDefinition.getNode().getPath());
                }
            }
            portMappings.add(mapping);
        }
    }

    /** The container's name. */
    public String getContainerName() {
        return containerName;
    }

    /** The container's port mappings. */
    public List<PortMapping> getPortMappings() {
        return List.copyOf(portMappings);
    }

    /** The entry of {@code ContainerDefinitions}. */
    Map<String, Object> render() {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("Name", containerName);
        putIfPresent(container, "Image", options.getImage());
        putIfPresent(container, "EntryPoint", options.getEntryPoint());
        putIfPresent(container, "Command", options.getCommand());
        if (options.getEnvironment() != null && !options.getEnvironment().isEmpty()) {
            List<Map<String, Object>> environment = new ArrayList<>();
            new TreeMap<>(options.getEnvironment())
                    .forEach((name, value) -> environment.add(Rendering.object("Name", name, "Value", value)));
            container.put("Environment", environment);
        }
        if (options.getSecrets() != null && !options.getSecrets().isEmpty()) {
            List<Map<String, Object>> secrets = new ArrayList<>();
            new TreeMap<>(options.getSecrets())
                    .forEach((name, secret) ->
                            secrets.add(Rendering.object("Name", name, "ValueFrom", secret.getArn())));
            container.put("Secrets", secrets);
        }
        if (artifactLabels != null) {
            container.put("DockerLabels", new TreeMap<>(artifactLabels));
        }
        container.put("Essential", options.getEssential() == null || options.getEssential());
        if (options.getHealthCheck() != null) {
            container.put("HealthCheck", renderHealthCheck(options.getHealthCheck()));
        }
        if (!portMappings.isEmpty()) {
            container.put(
                    "PortMappings",
                    portMappings.stream()
                            .map(ContainerDefinition::renderPortMapping)
                            .toList());
        }
        return container;
    }

    private static Map<String, Object> renderPortMapping(PortMapping mapping) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        putIfPresent(rendered, "Name", mapping.getName());
        rendered.put("ContainerPort", whole(mapping.getContainerPort()));
        if (mapping.getHostPort() != null) {
            rendered.put("HostPort", whole(mapping.getHostPort()));
        }
        rendered.put("Protocol", "tcp");
        if (mapping.getAppProtocol() != null) {
            rendered.put("AppProtocol", mapping.getAppProtocol().getValue());
        }
        return rendered;
    }

    private static Map<String, Object> renderHealthCheck(HealthCheck check) {
        List<String> command = check.getCommand();
        if (!COMMAND_FORMS.contains(command.get(0))) {
            List<String> shell = new ArrayList<>();
            shell.add("CMD-SHELL");
            shell.add(String.join(" ", command));
            command = shell;
        }
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("Command", command);
        rendered.put("Interval", seconds(check.getInterval(), 30, "healthCheck.interval"));
        rendered.put("Timeout", seconds(check.getTimeout(), 5, "healthCheck.timeout"));
        rendered.put("Retries", check.getRetries() == null ? 3 : whole(check.getRetries()));
        if (check.getStartPeriod() != null) {
            rendered.put("StartPeriod", seconds(check.getStartPeriod(), 0, "healthCheck.startPeriod"));
        }
        return rendered;
    }

    /** A literal number as a whole number (as validated at construction); a token as it is. */
    private static Number whole(Number value) {
        return Validation.isToken(value) ? value : Integer.valueOf(value.intValue());
    }

    private static void validateHealthCheck(HealthCheck check) {
        if (check.getCommand().isEmpty()) {
            throw new IllegalArgumentException("healthCheck.command: is required (expected: at least one word)");
        }
        Validation.secondsBetween(check.getInterval(), 5, 300, "healthCheck.interval");
        Validation.secondsBetween(check.getTimeout(), 2, 60, "healthCheck.timeout");
        Validation.secondsBetween(check.getStartPeriod(), 0, 300, "healthCheck.startPeriod");
        if (check.getRetries() != null) {
            Validation.between(check.getRetries(), 1, 10, "healthCheck.retries");
        }
    }

    private static Number seconds(Duration duration, int defaultSeconds, String field) {
        return duration == null ? defaultSeconds : Validation.secondsBetween(duration, 0, Integer.MAX_VALUE, field);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
