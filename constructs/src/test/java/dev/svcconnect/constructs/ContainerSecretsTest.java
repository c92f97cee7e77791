package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;

/** {@code entryPoint} and {@code secrets} reach the container definition in ECS's shape. */
class ContainerSecretsTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf";

    @Test
    void rendersTheEntryPointBeforeTheCommand() {
        Stack stack = Apps.stack();
        new TaskDefinition(stack, "Task")
                .addContainer(
                        "app",
                        ContainerDefinitionOptions.builder()
                                .entryPoint(List.of("java", "-jar"))
                                .command(List.of("api.jar"))
                                .build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectTaskDefinition",
                        Map.of(
                                "ContainerDefinitions",
                                List.of(Match.objectLike(Map.of(
                                        "EntryPoint", List.of("java", "-jar"), "Command", List.of("api.jar"))))));
    }

    @Test
    void rendersSecretsAsNameAndValueFromSortedByName() {
        Stack stack = Apps.stack();
        ISecret secret =
                software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(stack, "Db", SECRET_ARN);
        IStringParameter parameter = StringParameter.fromStringParameterName(stack, "Token", "/apps/token");
        new TaskDefinition(stack, "Task")
                .addContainer(
                        "app",
                        ContainerDefinitionOptions.builder()
                                .command(List.of("./run"))
                                .secrets(Map.of(
                                        "DB_PASSWORD", Secret.fromSecretsManager(secret, "password"),
                                        "DB_URL", Secret.fromSecretsManager(secret),
                                        "API_TOKEN", Secret.fromSsmParameter(parameter)))
                                .build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectTaskDefinition",
                        Map.of(
                                "ContainerDefinitions",
                                List.of(Match.objectLike(Map.of(
                                        "Secrets",
                                        List.of(
                                                Map.of("Name", "API_TOKEN", "ValueFrom", Match.anyValue()),
                                                Map.of("Name", "DB_PASSWORD", "ValueFrom", SECRET_ARN + ":password::"),
                                                Map.of("Name", "DB_URL", "ValueFrom", SECRET_ARN)))))));
    }

    @Test
    void anSsmParameterRendersItsArnAsValueFromWithoutAWarning() {
        Stack stack = Apps.stack();
        IStringParameter password = StringParameter.fromSecureStringParameterAttributes(
                stack,
                "DbPassword",
                SecureStringParameterAttributes.builder()
                        .parameterName("/prod/db-password")
                        .build());
        new TaskDefinition(stack, "Task")
                .addContainer(
                        "app",
                        ContainerDefinitionOptions.builder()
                                .command(List.of("./run"))
                                .secrets(Map.of("DB_PASSWORD", Secret.fromSsmParameter(password)))
                                .build());

        String rendered = Apps.template(stack)
                .findResources("Custom::SvcConnectTaskDefinition")
                .toString();
        assertThat(rendered)
                .contains("Secrets=[{Name=DB_PASSWORD, ValueFrom={Fn::Join=[, [arn:, {Ref=AWS::Partition}, :ssm:, "
                        + "{Ref=AWS::Region}, :, {Ref=AWS::AccountId}, :parameter/prod/db-password]]}}]");
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void aSecretsManagerSecretIsAWarningWithTheContainerPathThatTheControlPlaneDoesNotServeIt() {
        Stack stack = Apps.stack();
        ISecret secret =
                software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(stack, "Db", SECRET_ARN);
        new TaskDefinition(stack, "Task")
                .addContainer(
                        "app",
                        ContainerDefinitionOptions.builder()
                                .command(List.of("./run"))
                                .secrets(Map.of("DB_PASSWORD", Secret.fromSecretsManager(secret)))
                                .build());

        Annotations.fromStack(stack)
                .hasWarning(
                        "/Test/Task/app",
                        Match.stringLikeRegexp("^secrets \\[DB_PASSWORD\\] name Secrets Manager secrets, which the"
                                + " svc-connect control plane does not serve: the task will stop at its start with"
                                + " ResourceInitializationError.*"));
    }

    @Test
    void aContainerWithoutSecretsHasNoWarning() {
        Stack stack = Apps.stack();
        Apps.task(stack, "Task");

        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }
}
