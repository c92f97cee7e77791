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
            "AWS::Logs::LogGroup",
            "AWS::StepFunctions::StateMachine",
            "AWS::CDK::Metadata");

    private final List<String> applied;

    ResourceTypes(List<String> applied) {
        this.applied = List.copyOf(applied);
    }

    boolean applies(String type) {
        return applied.contains(type);
    }

    boolean skips(String type) {
        return AWS_ONLY.contains(type);
    }

    String unknown(String stackName, String logicalId, String type) {
        return "Stack " + stackName + ": resource " + logicalId + " has type " + type
                + ", which svc-connect deploy cannot apply on this machine (it applies " + String.join(", ", applied)
                + ", and skips the AWS-only types "
                + String.join(", ", AWS_ONLY.stream().sorted().toList()) + ")";
    }
}
