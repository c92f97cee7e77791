package dev.svcconnect.constructs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;

/** The AWS shape of the construct tests: a stack in a concrete account with a VPC and a control plane. */
final class AwsApps {

    static final String DOMAIN = "svc-connect.internal.example.com";
    static final String CERTIFICATE_ARN =
            "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

    private AwsApps() {}

    /** A stack {@code Mesh} in account 123456789012, eu-west-1. */
    static Stack stack(App app) {
        return new Stack(
                app,
                "Mesh",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build());
    }

    /** A builder of a control plane in a new VPC of {@code stack}, with a jar file of its own. */
    static ControlPlane.Builder controlPlane(Stack stack) {
        return ControlPlane.Builder.create(stack, "ControlPlane")
                .vpc(Vpc.Builder.create(stack, "Vpc").maxAzs(2).build())
                .certificate(Certificate.fromCertificateArn(stack, "Certificate", CERTIFICATE_ARN))
                .domainName(DOMAIN)
                .jar(jar().toString());
    }

    /** A stand-in for svc-connect.jar: the asset only hashes and uploads it. */
    static Path jar() {
        try {
            Path jar = Files.createTempFile("svc-connect", ".jar");
            Files.writeString(jar, "not run by these tests");
            jar.toFile().deleteOnExit();
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
