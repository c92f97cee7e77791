package dev.svcconnect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.constructs.ControlPlane;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * The user data of a launch template as synthesized, made runnable: its CloudFormation tokens are
 * {@code \0TOKEN\0} markers until {@link #resolve} gives each {@code NAME='VALUE'} line a value,
 * as CloudFormation would.
 */
final class SynthesizedUserData {

    /** The control plane's domain name in {@link #controlPlane}. */
    static final String DOMAIN_NAME = "svc-connect.internal.example.com";

    private SynthesizedUserData() {}

    /**
     * A {@link ControlPlane} on AWS running {@code jar}, in a stack of account 123456789012 in
     * {@code region} with a VPC of its own; the stack is {@code Stack.of(controlPlane)}.
     */
    static ControlPlane controlPlane(String region, Path jar) {
        Stack stack = new Stack(
                new App(),
                "Mesh",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region(region)
                                .build())
                        .build());
        return ControlPlane.Builder.create(stack, "ControlPlane")
                .vpc(Vpc.Builder.create(stack, "Vpc").maxAzs(2).build())
                .certificate(Certificate.fromCertificateArn(
                        stack, "Certificate", "arn:aws:acm:" + region + ":123456789012:certificate/e2e"))
                .domainName(DOMAIN_NAME)
                .jar(jar.toString())
                .build();
    }

    /** The user data of the launch template of {@code stack} whose script contains {@code marker}. */
    static String of(Stack stack, String marker) {
        JsonNode template = Json.mapper().valueToTree(Template.fromStack(stack).toJSON());
        for (JsonNode resource : template.path("Resources")) {
            JsonNode userData =
                    resource.path("Properties").path("LaunchTemplateData").path("UserData");
            if (resource.path("Type").asText().equals("AWS::EC2::LaunchTemplate")
                    && userData.toString().contains(marker)) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part :
                        userData.path("Fn::Base64").path("Fn::Join").path(1)) {
                    text.append(part.isTextual() ? part.asText() : "\0TOKEN\0");
                }
                return text.toString();
            }
        }
        throw new AssertionError("no launch template's user data contains '" + marker + "' in " + template);
    }

    /** {@code script} with the value of each variable of {@code values} replaced; no token may remain. */
    static String resolve(String script, Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        for (String line : script.split("\n", -1)) {
            int equals = line.indexOf("='");
            String name = equals > 0 ? line.substring(0, equals) : "";
            lines.add(values.containsKey(name) ? name + "='" + values.get(name) + "'" : line);
        }
        String resolved = String.join("\n", lines);
        assertThat(resolved).as("the user data, every token given a value").doesNotContain("\0");
        return resolved;
    }
}
