package dev.svcconnect.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a task definition's CPU and memory become in cgroup v2 terms. */
class TaskLimitsTest {

    private static JsonNode definition(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void taskLevelCpuIsAHardCapAndMemoryAHardLimitInEitherOfEcssForms() throws Exception {
        TaskLimits units = TaskLimits.of(definition("{\"cpu\": \"512\", \"memory\": \"1024\"}"));
        TaskLimits named = TaskLimits.of(definition("{\"cpu\": \"0.5 vCPU\", \"memory\": \"1 GB\"}"));

        assertThat(units).isEqualTo(new TaskLimits(512, 1024, Map.of())).isEqualTo(named);
        assertThat(units.cpuMax()).isEqualTo("50000 100000");
        assertThat(TaskLimits.bytes(units.taskMemoryMib())).isEqualTo(1_073_741_824L);
    }

    @Test
    void containerLimitsAreKeptPerContainerAndContainersWithoutAnyAreLeftOut() throws Exception {
        TaskLimits limits = TaskLimits.of(definition("""
                {"containerDefinitions": [
                  {"name": "app", "cpu": 1024, "memory": 256, "memoryReservation": 128},
                  {"name": "helper"}
                ]}"""));

        assertThat(limits.containers()).isEqualTo(Map.of("app", new TaskLimits.Container(1024, 256, 128)));
        assertThat(limits.cpuMax()).as("no task-level cpu: no cap").isEqualTo("max 100000");
        assertThat(limits.any()).isTrue();
        assertThat(TaskLimits.of(definition("{}")).any()).isFalse();
    }

    @Test
    void theSidecarRunsOneEventLoopPerVcpuOfTheTaskRoundedUpAndAtMostTheHostsCpus() throws Exception {
        assertThat(TaskLimits.of(definition("{\"cpu\": \"256\"}")).sidecarEventLoops(2))
                .isEqualTo(1);
        assertThat(TaskLimits.of(definition("{\"cpu\": \"1 vCPU\"}")).sidecarEventLoops(8))
                .isEqualTo(1);
        assertThat(TaskLimits.of(definition("{\"cpu\": \"1536\"}")).sidecarEventLoops(8))
                .isEqualTo(2);
        assertThat(TaskLimits.of(definition("{\"cpu\": \"4096\"}")).sidecarEventLoops(2))
                .isEqualTo(2);
        assertThat(TaskLimits.of(definition("{}")).sidecarEventLoops(4))
                .as("no task-level cpu: one per host CPU, as the JVM would")
                .isEqualTo(4);
    }

    @Test
    void cpuSharesBecomeTheWeightRuncGivesThem() {
        assertThat(TaskLimits.cpuWeight(2)).isEqualTo(1);
        assertThat(TaskLimits.cpuWeight(1024)).isEqualTo(39);
        assertThat(TaskLimits.cpuWeight(262_144)).isEqualTo(10_000);
        assertThat(TaskLimits.cpuWeight(0)).isEqualTo(1);
    }
}
