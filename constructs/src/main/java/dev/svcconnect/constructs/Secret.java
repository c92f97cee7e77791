package dev.svcconnect.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IParameter;

/**
 * A secret to expose to a container as an environment variable, rendered as an entry
 * {@code {Name, ValueFrom}} of the container definition's {@code Secrets}, as in ECS.
 *
 * <p>The svc-connect control plane serves SSM parameters ({@code aws ssm put-parameter}): the
 * agent resolves them when the task starts and gives each value to its container's environment
 * only. It serves no Secrets Manager: such a secret gets a synth-time warning, and its task stops
 * at its start with {@code ResourceInitializationError}, as ECS's does when it cannot fetch one.
 *
 * <pre>{@code
 * IStringParameter password = StringParameter.fromSecureStringParameterAttributes(this, "DbPassword",
 *         SecureStringParameterAttributes.builder().parameterName("/prod/db-password").build());
 * ContainerDefinitionOptions.builder()
 *         .secrets(Map.of("DB_PASSWORD", Secret.fromSsmParameter(password)))
 * }</pre>
 */
public final class Secret {

    private final String arn;
    private final boolean fromSecretsManager;

    private Secret(String arn, boolean fromSecretsManager) {
        this.arn = arn;
        this.fromSecretsManager = fromSecretsManager;
    }

    /** The whole value of a Secrets Manager secret. */
    public static Secret fromSecretsManager(ISecret secret) {
        return new Secret(Objects.requireNonNull(secret, "secret").getSecretArn(), true);
    }

    /**
     * The JSON key {@code field} of a Secrets Manager secret ({@code ValueFrom}
     * {@code SECRET_ARN:FIELD::}, as ECS expects it).
     */
    public static Secret fromSecretsManager(ISecret secret, String field) {
        if (field == null) {
            return fromSecretsManager(secret);
        }
        return new Secret(Objects.requireNonNull(secret, "secret").getSecretArn() + ":" + field + "::", true);
    }

    /** The value of a Systems Manager parameter. */
    public static Secret fromSsmParameter(IParameter parameter) {
        return new Secret(Objects.requireNonNull(parameter, "parameter").getParameterArn(), false);
    }

    /** What the container definition's {@code ValueFrom} names: an ARN, with a JSON key for a field. */
    public String getArn() {
        return arn;
    }

    /** Whether it names a Secrets Manager secret, which the svc-connect control plane does not serve. */
    boolean isFromSecretsManager() {
        return fromSecretsManager;
    }
}
