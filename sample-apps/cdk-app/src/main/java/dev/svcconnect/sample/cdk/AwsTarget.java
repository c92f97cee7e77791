package dev.svcconnect.sample.cdk;

import dev.svcconnect.constructs.ControlPlane;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The sample on AWS ({@code npx cdk synth -c target=aws -c sample:certificateArn=ARN -c
 * sample:domainName=NAME}): a VPC of two Availability Zones with one NAT gateway and a flow log
 * to CloudWatch Logs, and a
 * {@link ControlPlane} in it (2 instances, RDS PostgreSQL) running this checkout's
 * {@code provider-runtime/cli/target/svc-connect.jar}, reached at {@code https://NAME} with the ACM
 * certificate {@code ARN} (point NAME at the control plane's load balancer).
 */
final class AwsTarget {

    /** The context key selecting the target. */
    static final String TARGET = "target";

    private AwsTarget() {}

    /** Whether {@code -c target=aws} was given. */
    static boolean isSelected(App app) {
        Object target = app.getNode().tryGetContext(TARGET);
        if (target == null || "local".equals(target.toString())) {
            return false;
        }
        if (!"aws".equals(target.toString())) {
            throw new IllegalArgumentException(
                    "context " + TARGET + ": '" + target + "' (expected: aws, or local, the default)");
        }
        return true;
    }

    /** The VPC and the control plane of the sample's stack. */
    static ControlPlane controlPlane(Stack stack, Path root) {
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        vpc.addFlowLog("FlowLog");
        return ControlPlane.Builder.create(stack, "ControlPlane")
                .vpc(vpc)
                .certificate(
                        Certificate.fromCertificateArn(stack, "Certificate", required(stack, "sample:certificateArn")))
                .domainName(required(stack, "sample:domainName"))
                .jar(root.resolve("provider-runtime/cli/target/svc-connect.jar").toString())
                .build();
    }

    private static String required(Construct scope, String key) {
        Object value = scope.getNode().tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(
                    "context " + key + " is required with -c target=aws (see README.md," + " \"Deploying to AWS\")");
        }
        return value.toString();
    }
}
