package dev.svcconnect.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {

    @Test
    void aContainerDefinitionBecomesWhatTheAgentRunsWithEcsDefaults() throws Exception {
        List<ContainerSpec> containers = ContainerSpec.of(Json.mapper().readTree("""
                {"containerDefinitions": [
                  {"name": "app", "entryPoint": ["python3"], "command": ["-m", "http.server", "8080"],
                   "environment": [{"name": "MODE", "value": "test"}],
                   "portMappings": [{"name": "web", "containerPort": 8080}],
                   "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/"], "interval": 5}},
                  {"name": "sidekick", "command": ["sleep", "60"], "essential": false, "stopTimeout": 2}]}
                """));
        ContainerSpec app = containers.get(0);
        assertThat(app.argv()).containsExactly("python3", "-m", "http.server", "8080");
        assertThat(app.environment()).isEqualTo(Map.of("MODE", "test"));
        assertThat(app.ports()).isEqualTo(Map.of("web", 8080));
        assertThat(app.essential()).isTrue();
        assertThat(app.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(app.healthCheck().command()).containsExactly("sh", "-c", "curl -f http://localhost:8080/");
        assertThat(app.healthCheck().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(app.healthCheck().retries()).isEqualTo(3);
        ContainerSpec sidekick = containers.get(1);
        assertThat(sidekick.essential()).isFalse();
        assertThat(sidekick.healthCheck()).isNull();
        assertThat(sidekick.stopTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aHealthCheckPassesOnExitCodeZeroOnly() {
        var passing = dev.svcconnect.agent.health.HealthCheck.of(
                Json.mapper().valueToTree(Map.of("command", List.of("CMD", "true"))));
        var failing = dev.svcconnect.agent.health.HealthCheck.of(
                Json.mapper().valueToTree(Map.of("command", List.of("CMD-SHELL", "exit 3"))));
        assertThat(passing.passes(argv -> argv, Map.of(), Path.of("."))).isTrue();
        assertThat(failing.passes(argv -> argv, Map.of(), Path.of("."))).isFalse();
    }
}
