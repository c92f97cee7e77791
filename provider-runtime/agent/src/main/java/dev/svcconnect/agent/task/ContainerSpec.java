package dev.svcconnect.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.artifact.Artifact;
import dev.svcconnect.agent.health.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent runs for one ECS container definition.
 *
 * @param name the container name
 * @param argv {@code entryPoint} followed by {@code command}
 * @param environment the definition's {@code environment}
 * @param essential whether its exit stops the task (ECS default true)
 * @param healthCheck its health check, or null
 * @param ports port mapping name (or {@code port-N}) to container port
 * @param stopTimeout how long SIGTERM may take before SIGKILL (ECS default 30 s)
 * @param user the definition's {@code user} ({@code user}, {@code uid}, {@code user:group}, ...), or
 *     null for the agent's default
 * @param artifact what the agent puts into its working directory before it starts
 *     ({@link dev.svcconnect.model.artifact.ArtifactLabels}), or null
 */
public record ContainerSpec(
        String name,
        List<String> argv,
        Map<String, String> environment,
        boolean essential,
        HealthCheck healthCheck,
        Map<String, Integer> ports,
        Duration stopTimeout,
        String user,
        Artifact artifact) {

    /** ECS's default stop timeout. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    public ContainerSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        ports = Map.copyOf(ports);
    }

    /** Whether a container of an ECS task definition has {@code secrets} to resolve before it starts. */
    public static boolean anySecrets(JsonNode taskDefinition) {
        for (JsonNode definition : taskDefinition.path("containerDefinitions")) {
            if (!definition.path("secrets").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The containers of an ECS task definition. */
    public static List<ContainerSpec> of(JsonNode taskDefinition) {
        List<ContainerSpec> containers = new ArrayList<>();
        for (JsonNode definition : taskDefinition.path("containerDefinitions")) {
            List<String> argv = new ArrayList<>();
            definition.path("entryPoint").forEach(part -> argv.add(part.asText()));
            definition.path("command").forEach(part -> argv.add(part.asText()));
            Map<String, String> environment = new LinkedHashMap<>();
            definition
                    .path("environment")
                    .forEach(e -> environment.put(
                            e.path("name").asText(), e.path("value").asText()));
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (JsonNode mapping : definition.path("portMappings")) {
                int port = mapping.path("containerPort").asInt();
                ports.put(mapping.path("name").asText("port-" + port), port);
            }
            Duration stopTimeout = definition.has("stopTimeout")
                    ? Duration.ofSeconds(definition.get("stopTimeout").asInt())
                    : DEFAULT_STOP_TIMEOUT;
            containers.add(new ContainerSpec(
                    definition.path("name").asText(),
                    argv,
                    environment,
                    definition.path("essential").asBoolean(true),
                    HealthCheck.of(definition.get("healthCheck")),
                    ports,
                    stopTimeout,
                    definition.hasNonNull("user") ? definition.get("user").asText() : null,
                    Artifact.of(definition)));
        }
        return containers;
    }
}
