package dev.svcconnect.agent.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A container's health check, as ECS defines it: {@code ["CMD-SHELL", "cmd"]} runs with
 * {@code sh -c}, {@code ["CMD", "prog", "arg"...]} directly; exit code 0 is healthy.
 *
 * @param command the program and its arguments
 * @param interval between checks once healthy (ECS default 30 s)
 * @param timeout of one check (default 5 s)
 * @param retries failures in a row that make the container unhealthy (default 3)
 */
public record HealthCheck(List<String> command, Duration interval, Duration timeout, int retries) {

    public HealthCheck {
        command = List.copyOf(command);
    }

    /** The check of an ECS container definition's {@code healthCheck}, or null without one. */
    public static HealthCheck of(JsonNode healthCheck) {
        if (healthCheck == null || healthCheck.isMissingNode() || healthCheck.isNull()) {
            return null;
        }
        List<String> given = new ArrayList<>();
        healthCheck.path("command").forEach(part -> given.add(part.asText()));
        if (given.isEmpty()) {
            return null;
        }
        List<String> command = switch (given.get(0)) {
            case "CMD-SHELL" -> List.of("sh", "-c", String.join(" ", given.subList(1, given.size())));
            case "CMD" -> given.subList(1, given.size());
            default -> given;
        };
        return new HealthCheck(
                command,
                Duration.ofSeconds(healthCheck.path("interval").asInt(30)),
                Duration.ofSeconds(healthCheck.path("timeout").asInt(5)),
                healthCheck.path("retries").asInt(3));
    }

    /**
     * Runs the check once.
     *
     * @param wrap puts the command in the task's network (as the container's user)
     * @param environment the container's environment, all the check gets
     * @param directory where it runs: the container's working directory, as ECS runs a check in the container
     */
    public boolean passes(UnaryOperator<List<String>> wrap, Map<String, String> environment, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(wrap.apply(command))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
