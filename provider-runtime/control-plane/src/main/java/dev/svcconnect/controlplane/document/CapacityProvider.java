package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A capacity provider: a name for where tasks run. svc-connect has the built-in ones only:
 * {@code FARGATE} and {@code FARGATE_SPOT} (as in ECS) run tasks on the hosts registered with
 * launch type FARGATE, and {@code EC2} on those registered with launch type EC2 (in ECS, an Auto
 * Scaling group's provider).
 *
 * @param name the capacity provider's name
 * @param launchType the launch type of its tasks and hosts
 */
public record CapacityProvider(String name, String launchType) {

    /** The built-in capacity providers, by name. */
    public static final List<CapacityProvider> BUILT_IN = List.of(
            new CapacityProvider("FARGATE", "FARGATE"),
            new CapacityProvider("FARGATE_SPOT", "FARGATE"),
            new CapacityProvider("EC2", "EC2"));

    public CapacityProvider {
        if (name == null || name.isEmpty() || launchType == null) {
            throw new IllegalArgumentException("name, launchType: required, got " + name + ", " + launchType);
        }
    }

    /** The capacity provider with this name or ARN ({@code arn:...:capacity-provider/NAME}). */
    public static Optional<CapacityProvider> named(String nameOrArn) {
        String name = Document.lastPart(nameOrArn);
        return BUILT_IN.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether it runs Fargate-like tasks. */
    public boolean isFargate() {
        return launchType.equals("FARGATE");
    }

    /**
     * The launch type of the tasks of a capacity provider strategy
     * ({@code [{"capacityProvider", "weight", "base"}]}): its providers all have the same one.
     *
     * @return the launch type, or empty for an empty strategy
     */
    public static Optional<String> launchTypeOf(JsonNode strategy) {
        for (JsonNode item : strategy) {
            return named(item.path("capacityProvider").asText()).map(CapacityProvider::launchType);
        }
        return Optional.empty();
    }

    /**
     * The provider of a strategy that a new task goes to, as ECS spreads tasks: first each
     * provider's {@code base} tasks, in order, then in proportion to the {@code weight}s.
     *
     * @param tasks the tasks that run or will run, by the name of their capacity provider
     */
    public static String choose(JsonNode strategy, Map<String, Integer> tasks) {
        for (JsonNode item : strategy) {
            String name = item.path("capacityProvider").asText();
            if (tasks.getOrDefault(name, 0) < item.path("base").asInt(0)) {
                return name;
            }
        }
        String chosen = null;
        double lowest = Double.MAX_VALUE;
        for (JsonNode item : strategy) {
            String name = item.path("capacityProvider").asText();
            int weight = item.path("weight").asInt(0);
            if (weight > 0) {
                double share = Math.max(
                                0,
                                tasks.getOrDefault(name, 0) - item.path("base").asInt(0))
                        / (double) weight;
                if (share < lowest) {
                    lowest = share;
                    chosen = name;
                }
            }
        }
        return chosen != null
                ? chosen
                : strategy.path(0).path("capacityProvider").asText();
    }
}
