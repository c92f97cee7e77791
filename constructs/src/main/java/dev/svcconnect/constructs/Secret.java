package dev.svcconnect.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IParameter;

/**
 * A secret to expose to a container as an environment variable, rendered as an entry
 * {@code {Name, ValueFrom}} of the container definition's {@code Secrets}, as in ECS.
 *
 * <p>The svc-connect control plane does not pass secrets to containers yet: a container with
 * secrets gets a synth-time warning, and its processes do not see them.
 *
 * <pre>{@code
 * ContainerDefinitionOptions.builder()
 *         .secrets(Map.of("DB_PASSWORD", Secret.fromSecretsManager(dbSecret, "password")))
 * }</pre>
 */
public final class Secret {

    private final String arn;

    private Secret(String arn) {
        this.arn = arn;
    }

    /** The whole value of a Secrets Manager secret. */
    public static Secret fromSecretsManager(ISecret secret) {
        return new Secret(Objects.requireNonNull(secret, "secret").getSecretArn());
    }

    /**
     * The JSON key {@code field} of a Secrets Manager secret ({@code ValueFrom}
     * {@code SECRET_ARN:FIELD::}, as ECS expects it).
     */
    public static Secret fromSecretsManager(ISecret secret, String field) {
        if (field == null) {
            return fromSecretsManager(secret);
        }
        return new Secret(Objects.requireNonNull(secret, "secret").getSecretArn() + ":" + field + "::");
    }

    /** The value of a Systems Manager parameter. */
    public static Secret fromSsmParameter(IParameter parameter) {
        return new Secret(Objects.requireNonNull(parameter, "parameter").getParameterArn());
    }

    /** What the container definition's {@code ValueFrom} names: an ARN, with a JSON key for a field. */
    public String getArn() {
        return arn;
    }
}
