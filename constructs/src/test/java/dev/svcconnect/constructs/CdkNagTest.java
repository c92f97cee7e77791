package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The provider's functions, roles and state machine pass cdk-nag's AwsSolutions checks: what is
 * kept on purpose is suppressed with a reason.
 */
class CdkNagTest {

    @Test
    void theProviderPassesTheAwsSolutionsChecks() {
        App app = new App();
        Stack stack = TestApp.define(app);
        Aspects.of(app).add(new AwsSolutionsChecks());

        Annotations annotations = Annotations.fromStack(stack);
        assertThat(describe(annotations.findError("*", Match.anyValue()))).isEmpty();
        assertThat(describe(annotations.findWarning("*", Match.anyValue()))).isEmpty();
    }

    @Test
    void theWaiterStateMachineLogsEveryEventInsteadOfBeingSuppressed() {
        Template template = Template.fromStack(TestApp.define(new App()));

        template.hasResourceProperties(
                "AWS::StepFunctions::StateMachine",
                Map.of("LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL"))));
        template.resourceCountIs("AWS::Logs::LogGroup", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySuppressionSaysWhy() {
        Map<String, Object> template =
                Template.fromStack(TestApp.define(new App())).toJSON();

        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        List<Map<String, Object>> rules = resources.values().stream()
                .map(resource -> (Map<String, Object>) ((Map<String, Object>) resource).get("Metadata"))
                .filter(metadata -> metadata != null && metadata.containsKey("cdk_nag"))
                .flatMap(metadata -> ((List<Map<String, Object>>)
                                ((Map<String, Object>) metadata.get("cdk_nag")).get("rules_to_suppress"))
                        .stream())
                .toList();
        assertThat(rules)
                .extracting(rule -> (String) rule.get("id"))
                .containsOnly(
                        "AwsSolutions-IAM4",
                        "AwsSolutions-IAM5",
                        "AwsSolutions-L1",
                        "AwsSolutions-SF2",
                        "CdkNagValidationFailure");
        assertThat(rules)
                .allSatisfy(rule -> assertThat((String) rule.get("reason"))
                        .as("the reason of %s", rule.get("id"))
                        .hasSizeGreaterThan(40));
    }

    private static List<String> describe(List<SynthesisMessage> messages) {
        return messages.stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .toList();
    }
}
