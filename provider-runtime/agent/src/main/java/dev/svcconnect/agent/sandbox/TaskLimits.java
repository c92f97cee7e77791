package dev.svcconnect.agent.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU and memory a task definition gives a task and its containers, as ECS reads them:
 * task-level {@code cpu} (units, 1024 a vCPU; or {@code "1 vCPU"}) is a hard cap and task-level
 * {@code memory} (MiB; or {@code "2 GB"}) a hard limit; a container's {@code memory} is a hard limit,
 * its {@code memoryReservation} a soft one (memory the kernel protects), its {@code cpu} a relative
 * weight against the task's other containers.
 *
 * @param taskCpuUnits the task's CPU units, or 0 when not given
 * @param taskMemoryMib the task's memory in MiB, or 0 when not given
 * @param containers each container's limits by name (containers without any are absent)
 */
public record TaskLimits(int taskCpuUnits, int taskMemoryMib, Map<String, Container> containers) {

    /** The CFS period the task's CPU cap is measured over, in microseconds (the kernel's default). */
    static final long CPU_PERIOD_MICROS = 100_000;

    public TaskLimits {
        containers = Map.copyOf(containers);
    }

    /**
     * One container's limits; 0 where not given.
     *
     * @param cpuUnits relative CPU shares (ECS {@code cpu})
     * @param memoryMib hard memory limit (ECS {@code memory})
     * @param memoryReservationMib soft memory limit (ECS {@code memoryReservation})
     */
    public record Container(int cpuUnits, int memoryMib, int memoryReservationMib) {

        boolean any() {
            return cpuUnits > 0 || memoryMib > 0 || memoryReservationMib > 0;
        }
    }

    /** The limits of a task definition (the ECS wire shape). */
    public static TaskLimits of(JsonNode taskDefinition) {
        Map<String, Container> containers = new LinkedHashMap<>();
        for (JsonNode definition : taskDefinition.path("containerDefinitions")) {
            Container container = new Container(
                    definition.path("cpu").asInt(0),
                    definition.path("memory").asInt(0),
                    definition.path("memoryReservation").asInt(0));
            if (container.any()) {
                containers.put(definition.path("name").asText(), container);
            }
        }
        return new TaskLimits(
                units(taskDefinition.path("cpu").asText(""), "vcpu"),
                units(taskDefinition.path("memory").asText(""), "gb"),
                containers);
    }

    /** Whether the definition limits anything. */
    public boolean any() {
        return taskCpuUnits > 0 || taskMemoryMib > 0 || !containers.isEmpty();
    }

    /**
     * The event loops of the task's sidecar: one per 1,024 units of the task's CPU, rounded up, at
     * most {@code hostCpus}; {@code hostCpus} without a task-level {@code cpu}. The sidecar runs
     * outside the task's cgroups, so its JVM would otherwise run one loop per host core beside a task
     * of a quarter of a vCPU (docs/proxy.md, "Event loops on a shared machine").
     */
    public int sidecarEventLoops(int hostCpus) {
        if (hostCpus < 1) {
            throw new IllegalArgumentException("hostCpus: " + hostCpus + " (expected: at least 1)");
        }
        if (taskCpuUnits <= 0) {
            return hostCpus;
        }
        return Math.max(1, Math.min(hostCpus, (taskCpuUnits + 1023) / 1024));
    }

    /** {@code cpu.max} of the task: its quota and period in microseconds, or {@code max} without a cap. */
    String cpuMax() {
        if (taskCpuUnits <= 0) {
            return "max " + CPU_PERIOD_MICROS;
        }
        long quota = Math.max(1000, taskCpuUnits * CPU_PERIOD_MICROS / 1024);
        return quota + " " + CPU_PERIOD_MICROS;
    }

    /**
     * {@code cpu.weight} for CPU shares, as runc converts Docker's {@code --cpu-shares} on cgroup v2:
     * 2 to 262144 shares onto 1 to 10000.
     */
    static long cpuWeight(int shares) {
        long clamped = Math.max(2, Math.min(262_144, shares));
        return 1 + ((clamped - 2) * 9999) / 262_142;
    }

    static long bytes(int mib) {
        return mib * 1024L * 1024L;
    }

    /** ECS's task-level value: a number of units, or a number with a unit ({@code 1 vCPU}, {@code 2 GB}). */
    private static int units(String text, String bigUnit) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            if (value.endsWith(bigUnit)) {
                double count = Double.parseDouble(
                        value.substring(0, value.length() - bigUnit.length()).trim());
                return (int) Math.round(count * 1024);
            }
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
