package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void aLiteralPatternMatchesOnlyItsOwnPath() {
        PathPattern pattern = PathPattern.of("/watch/v1/hosts");

        assertThat(pattern.match("/watch/v1/hosts")).contains(Map.of());
        assertThat(pattern.match("/watch/v1/hosts/")).isEmpty();
        assertThat(pattern.match("/watch/v1/host")).isEmpty();
        assertThat(pattern.parameters()).isEmpty();
        assertThat(pattern.literalLength()).isEqualTo("/watch/v1/hosts".length());
    }

    @Test
    void aParameterTakesOneWholeSegmentByDefault() {
        PathPattern pattern = PathPattern.of("/console/api/clusters/{cluster}/services/{service}");

        assertThat(pattern.match("/console/api/clusters/east/services/webui"))
                .contains(Map.of("cluster", "east", "service", "webui"));
        assertThat(pattern.match("/console/api/clusters/east/services/webui/traffic"))
                .isEmpty();
        assertThat(pattern.match("/console/api/clusters//services/webui")).isEmpty();
        assertThat(pattern.parameters()).containsExactly("cluster", "service");
    }

    @Test
    void aParameterWithAnExpressionTakesOnlyWhatItAllows() {
        PathPattern pattern = PathPattern.of("/watch/v1/tasks/{taskId:[0-9a-f]{1,64}}/state");

        assertThat(pattern.match("/watch/v1/tasks/0123abcd/state")).contains(Map.of("taskId", "0123abcd"));
        assertThat(pattern.match("/watch/v1/tasks/0123ABCD/state")).isEmpty();
        assertThat(pattern.match("/watch/v1/tasks/" + "a".repeat(65) + "/state"))
                .isEmpty();
    }

    @Test
    void literalTextIsNotAnExpression() {
        PathPattern pattern = PathPattern.of("/console/assets/{name:[a-z]+\\.(?:css|js)}");

        assertThat(pattern.match("/console/assets/console.js")).contains(Map.of("name", "console.js"));
        assertThat(pattern.match("/console/assets/consolexjs")).isEmpty();
        assertThat(PathPattern.of("/a.b").match("/axb")).isEmpty();
    }

    @Test
    void aBadTemplateIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PathPattern.of("watch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path pattern: 'watch' (expected: starting with '/')");
        assertThatThrownBy(() -> PathPattern.of("/tasks/{taskId"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path pattern: '/tasks/{taskId' (expected: a '}' closing the '{' at 7)");
        assertThatThrownBy(() -> PathPattern.of("/tasks/{id}/{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path pattern: '/tasks/{id}/{id}' has a bad parameter '{id}'"
                        + " (expected: {name} or {name:regex}, each name once, letters and digits)");
        assertThatThrownBy(() -> PathPattern.of("/tasks/{task-id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a bad parameter '{task-id}'");
    }
}
