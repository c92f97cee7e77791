package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import org.junit.jupiter.api.Test;

class TaskDefinitionContainerNamesTest {

    @Test
    void theContainerNamesComeInTheOrderOfTheContainerDefinitions() throws Exception {
        TaskDefinition definition = TaskDefinition.of((ObjectNode) Json.mapper().readTree("""
                {"family": "web", "revision": 1,
                 "containerDefinitions": [{"name": "app"}, {"name": "sidecar"}, {"name": "init"}]}
                """));

        assertThat(definition.containerNames()).containsExactly("app", "sidecar", "init");
    }

    @Test
    void aTaskDefinitionWithoutContainersHasNoNames() throws Exception {
        assertThat(TaskDefinition.of((ObjectNode) Json.mapper().readTree("{\"family\": \"web\"}"))
                        .containerNames())
                .isEmpty();
    }
}
