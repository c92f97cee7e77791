package dev.svcconnect.local.intrinsics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.svcconnect.model.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each intrinsic function, over a scope with one parameter, two resources and one export. */
class IntrinsicsTest {

    /** A scope as the engine gives one: a parameter, resources with ids and data, an export. */
    private static final Scope SCOPE = new Scope() {
        @Override
        public JsonNode parameter(String name) {
            return switch (name) {
                case "Env" -> TextNode.valueOf("prod");
                case "AWS::Region" -> TextNode.valueOf("us-east-1");
                default -> null;
            };
        }

        @Override
        public boolean isResource(String logicalId) {
            return logicalId.equals("Cluster") || logicalId.equals("Ns");
        }

        @Override
        public String physicalId(String logicalId) {
            return logicalId.equals("Cluster") ? "apps" : "internal";
        }

        @Override
        public JsonNode attribute(String logicalId, String attribute) {
            if (logicalId.equals("Ns") && attribute.equals("Arn")) {
                return TextNode.valueOf("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-1");
            }
            throw new IntrinsicException("Fn::GetAtt: resource " + logicalId + " has no attribute '" + attribute + "'");
        }

        @Override
        public String importValue(String exportName) {
            if (exportName.equals("shared-cluster")) {
                return "shared";
            }
            throw new IntrinsicException("Fn::ImportValue: no stack exports '" + exportName + "'");
        }
    };

    private static final Map<String, JsonNode> CONDITIONS = Map.of(
            "IsProd", json("{\"Fn::Equals\": [{\"Ref\": \"Env\"}, \"prod\"]}"),
            "IsDev", json("{\"Fn::Not\": [{\"Condition\": \"IsProd\"}]}"),
            "ProdOrDev", json("{\"Fn::Or\": [{\"Condition\": \"IsProd\"}, {\"Condition\": \"IsDev\"}]}"),
            "ProdAndDev", json("{\"Fn::And\": [{\"Condition\": \"IsProd\"}, {\"Condition\": \"IsDev\"}]}"),
            "Loop", json("{\"Fn::Not\": [{\"Condition\": \"Loop\"}]}"));

    private static final Map<String, JsonNode> MAPPINGS =
            Map.of("Runtimes", json("{\"us-east-1\": {\"value\": \"nodejs22.x\"}}"));

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode resolve(String template) {
        return new Intrinsics(SCOPE, CONDITIONS, MAPPINGS).resolve(json(template));
    }

    @Test
    void refAnswersParametersPseudoParametersAndPhysicalIds() {
        assertThat(resolve("{\"Ref\": \"Env\"}").asText()).isEqualTo("prod");
        assertThat(resolve("{\"Ref\": \"AWS::Region\"}").asText()).isEqualTo("us-east-1");
        assertThat(resolve("{\"Ref\": \"Cluster\"}").asText()).isEqualTo("apps");
        assertThatThrownBy(() -> resolve("{\"Ref\": \"Nope\"}"))
                .hasMessage("Ref: 'Nope' is neither a parameter, a pseudo parameter nor a resource of the template");
    }

    @Test
    void getAttReadsTheHandlersDataInBothForms() {
        assertThat(resolve("{\"Fn::GetAtt\": [\"Ns\", \"Arn\"]}").asText()).endsWith("namespace/ns-1");
        assertThat(resolve("{\"Fn::GetAtt\": \"Ns.Arn\"}").asText()).endsWith("namespace/ns-1");
        assertThatThrownBy(() -> resolve("{\"Fn::GetAtt\": [\"Gone\", \"Arn\"]}"))
                .hasMessage("Fn::GetAtt: 'Gone' is not a resource of the template");
    }

    @Test
    void joinConcatenatesResolvedItems() {
        assertThat(resolve("{\"Fn::Join\": [\"-\", [\"svc\", {\"Ref\": \"Cluster\"}, 3]]}")
                        .asText())
                .isEqualTo("svc-apps-3");
        assertThat(resolve("{\"Fn::Join\": [\",\", []]}").asText()).isEmpty();
    }

    @Test
    void subReplacesParametersAttributesVariablesAndKeepsEscapes() {
        assertThat(resolve("{\"Fn::Sub\": \"${Cluster}/${Ns.Arn}/${AWS::Region}/${!Literal}\"}")
                        .asText())
                .isEqualTo("apps/arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-1/us-east-1/${Literal}");
        assertThat(resolve("{\"Fn::Sub\": [\"${Name}.${Env}\", {\"Name\": {\"Ref\": \"Cluster\"}}]}")
                        .asText())
                .isEqualTo("apps.prod");
    }

    @Test
    void selectAndSplitWorkTogether() {
        assertThat(resolve("{\"Fn::Select\": [1, {\"Fn::Split\": [\":\", \"a:b:c\"]}]}")
                        .asText())
                .isEqualTo("b");
        assertThat(resolve("{\"Fn::Split\": [\",\", \"x,,y\"]}")).hasSize(3);
        assertThatThrownBy(() -> resolve("{\"Fn::Select\": [\"3\", [\"a\"]]}"))
                .hasMessage("Fn::Select: index 3 is outside the list [\"a\"] (expected: 0-0)");
    }

    @Test
    void ifPicksByConditionAndNoValueRemovesTheProperty() {
        assertThat(resolve("{\"A\": {\"Fn::If\": [\"IsProd\", \"big\", \"small\"]}}"))
                .isEqualTo(json("{\"A\": \"big\"}"));
        assertThat(resolve("{\"A\": {\"Fn::If\": [\"IsDev\", \"x\", {\"Ref\": \"AWS::NoValue\"}]}, \"B\": 1}"))
                .isEqualTo(json("{\"B\": 1}"));
        assertThat(resolve("[{\"Fn::If\": [\"ProdOrDev\", 1, 2]}, {\"Fn::If\": [\"ProdAndDev\", 1, 2]}]"))
                .isEqualTo(json("[1, 2]"));
    }

    @Test
    void conditionsThatAreMissingOrCircularFailClearly() {
        assertThatThrownBy(() -> resolve("{\"Fn::If\": [\"Missing\", 1, 2]}"))
                .hasMessageStartingWith("Condition 'Missing' is not defined in Conditions (defined: ");
        assertThatThrownBy(() -> resolve("{\"Fn::If\": [\"Loop\", 1, 2]}"))
                .hasMessage("Condition 'Loop' refers to itself");
    }

    @Test
    void importValueReadsAnotherStacksExport() {
        assertThat(resolve("{\"Fn::ImportValue\": \"shared-cluster\"}").asText())
                .isEqualTo("shared");
        assertThatThrownBy(() -> resolve("{\"Fn::ImportValue\": \"nope\"}"))
                .hasMessage("Fn::ImportValue: no stack exports 'nope'");
    }

    @Test
    void findInMapReadsMappingsByResolvedKeys() {
        assertThat(resolve("{\"Fn::FindInMap\": [\"Runtimes\", {\"Ref\": \"AWS::Region\"}, \"value\"]}")
                        .asText())
                .isEqualTo("nodejs22.x");
        assertThatThrownBy(() -> resolve("{\"Fn::FindInMap\": [\"Runtimes\", \"eu-west-1\", \"value\"]}"))
                .hasMessage("Fn::FindInMap: Mappings has no Runtimes.eu-west-1.value");
    }

    @Test
    void anUnsupportedFunctionIsNamed() {
        assertThatThrownBy(() -> resolve("{\"Fn::GetAZs\": \"\"}"))
                .hasMessageStartingWith("Fn::GetAZs is not supported by svc-connect deploy");
    }

    @Test
    void referencesFindRefGetAttAndSubNamesButNotSubVariables() {
        assertThat(References.in(json("{\"A\": {\"Ref\": \"Cluster\"}, \"B\": [{\"Fn::GetAtt\": \"Ns.Arn\"}],"
                        + " \"C\": {\"Fn::Sub\": [\"${X}-${Task.Arn}-${!Not}\", {\"X\": {\"Ref\": \"Env\"}}]}}")))
                .containsExactly("Cluster", "Ns", "Env", "Task");
    }
}
