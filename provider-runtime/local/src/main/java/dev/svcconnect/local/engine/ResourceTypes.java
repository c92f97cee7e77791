package dev.svcconnect.local.engine;

import java.util.List;
import java.util.Set;

/** Which resource types the engine applies, which it skips, and the message for the others. */
final class ResourceTypes {

    /** Types that only mean something on AWS: the provider framework's functions, roles and state machine. */
    static final Set<String> AWS_ONLY = Set.of(
            "AWS::Lambda::Function",
            "AWS::Lambda::Permission",
            "AWS::IAM::Role",
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::InstanceProfile",
            "AWS::Logs::LogGroup",
            "AWS::StepFunctions::StateMachine",
            "AWS::CDK::Metadata");

    /**
     * Services whose every type only means something on AWS: the VPC, instances, load balancer,
     * database and secrets of a {@code ControlPlane} and of {@code HostFleet}s on AWS. Locally the
     * engine runs its own control plane and starts the hosts itself.
     */
    static final List<String> AWS_ONLY_SERVICES = List.of(
            "AWS::EC2::",
            "AWS::AutoScaling::",
            "AWS::ElasticLoadBalancingV2::",
            "AWS::RDS::",
            "AWS::SecretsManager::",
            "AWS::Route53::");

    private final List<String> applied;

    ResourceTypes(List<String> applied) {
        this.applied = List.copyOf(applied);
    }

    boolean applies(String type) {
        return applied.contains(type);
    }

    boolean skips(String type) {
        return AWS_ONLY.contains(type) || AWS_ONLY_SERVICES.stream().anyMatch(type::startsWith);
    }

    String unknown(String stackName, String logicalId, String type) {
        return "Stack " + stackName + ": resource " + logicalId + " has type " + type
                + ", which svc-connect deploy cannot apply on this machine (it applies " + String.join(", ", applied)
                + ", and skips the AWS-only types "
                + String.join(", ", AWS_ONLY.stream().sorted().toList()) + " and those of "
                + String.join(
                        ", ",
                        AWS_ONLY_SERVICES.stream().map(prefix -> prefix + "*").toList()) + ")";
    }
}
