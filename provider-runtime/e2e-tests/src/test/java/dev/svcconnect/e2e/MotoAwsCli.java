package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.MotoServer;
import dev.svcconnect.testsupport.Programs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS CLI pointed at a {@link MotoServer} in one Region, with moto's fake key: what a test
 * does before the user data runs (as {@code cdk deploy} would: the asset published, the secrets
 * made) and the environment that points a pretend instance's AWS CLI at the same moto.
 */
final class MotoAwsCli {

    private final Map<String, String> environment;

    MotoAwsCli(MotoServer moto, String region) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        variables.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID);
        variables.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY);
        variables.put("AWS_DEFAULT_REGION", region);
        this.environment = Map.copyOf(variables);
    }

    /** {@code AWS_ENDPOINT_URL}, the key and the Region, for the AWS CLI of a pretend instance. */
    Map<String, String> environment() {
        return environment;
    }

    /** Runs {@code aws ARGS}, which must succeed; answers what it printed. */
    String run(String... args) {
        List<String> command = new ArrayList<>(List.of("env"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.add("aws");
        command.addAll(List.of(args));
        Programs.Result result = Programs.run(command);
        assertThat(result.exitCode())
                .as("aws %s: %s", String.join(" ", args), result.err())
                .isZero();
        return result.out();
    }

    /** Creates the secret {@code name} holding {@code value}; answers its ARN. */
    String createSecret(String name, String value) {
        String created = run("secretsmanager", "create-secret", "--name", name, "--secret-string", value);
        try {
            return Json.mapper().readTree(created).path("ARN").asText();
        } catch (JsonProcessingException e) {
            throw new AssertionError("aws secretsmanager create-secret printed no JSON: " + created, e);
        }
    }
}
