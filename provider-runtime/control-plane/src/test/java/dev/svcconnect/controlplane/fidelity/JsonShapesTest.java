package dev.svcconnect.controlplane.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.model.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonShapesTest {

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    @Test
    void fieldsOnOneSideAndTypesThatDifferAreDifferencesWithTheirPath() throws IOException {
        assertThat(JsonShapes.compare(
                                "DescribeThing",
                                json("{\"thing\":{\"name\":\"a\",\"count\":1,\"onlyAws\":true}}"),
                                json("{\"thing\":{\"name\":\"b\",\"count\":\"1\",\"onlyOurs\":[]}}"))
                        .stream()
                        .map(JsonShapes.Difference::toString))
                .containsExactly(
                        "DescribeThing thing.count: aws number, ours string",
                        "DescribeThing thing.onlyAws: aws boolean, ours absent",
                        "DescribeThing thing.onlyOurs: aws absent, ours array");
    }

    @Test
    void valuesAreNotComparedAndNullIsAbsent() throws IOException {
        assertThat(JsonShapes.compare(
                        "Step",
                        json("{\"arn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/a\",\"n\":1.5,\"gone\":null}"),
                        json("{\"arn\":\"arn:aws:ecs:us-east-1:000000000000:cluster/a\",\"n\":7}")))
                .isEmpty();
    }

    @Test
    void arrayElementsCompareAsTheUnionOfTheirFieldsWhateverTheLengths() throws IOException {
        assertThat(JsonShapes.compare(
                                "ListThings",
                                json("{\"things\":[{\"a\":1},{\"b\":\"x\"}]}"),
                                json("{\"things\":[{\"a\":2},{\"a\":3},{\"a\":4,\"c\":{}}]}"))
                        .stream()
                        .map(JsonShapes.Difference::toString))
                .containsExactly(
                        "ListThings things[].b: aws string, ours absent",
                        "ListThings things[].c: aws absent, ours object");
        assertThat(JsonShapes.compare("ListThings", json("{\"things\":[]}"), json("{\"things\":[{\"a\":1}]}")))
                .isEmpty();
    }

    @Test
    void anErrorsTypeIsComparedByValue() throws IOException {
        assertThat(JsonShapes.compare(
                                "DeleteCluster (missing)",
                                json("{\"__type\":\"ClusterNotFoundException\",\"message\":\"x\"}"),
                                json("{\"__type\":\"InvalidParameterException\",\"message\":\"y\"}"))
                        .stream()
                        .map(JsonShapes.Difference::toString))
                .containsExactly(
                        "DeleteCluster (missing) __type: aws ClusterNotFoundException, ours InvalidParameterException");
    }
}
