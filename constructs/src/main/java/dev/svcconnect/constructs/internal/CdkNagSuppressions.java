package dev.svcconnect.constructs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * The cdk-nag AwsSolutions findings kept on purpose, each with its reason, written as the
 * {@code cdk_nag} metadata that cdk-nag reads (so users who run cdk-nag see them suppressed, without
 * depending on cdk-nag here): those of the provider's functions, roles and state machine
 * ({@link #addTo}), and those of the AWS resources of a {@code ControlPlane} and its host fleets
 * ({@link #suppress}).
 */
public final class CdkNagSuppressions {

    private static final String BASIC_EXECUTION_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final String VPC_ACCESS_EXECUTION_ROLE =
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

    private CdkNagSuppressions() {}

    /** Adds the suppressions to every resource of the provider {@code provider}. */
    static void addTo(IConstruct provider) {
        for (IConstruct child : provider.getNode().findAll()) {
            if (child instanceof CfnResource resource) {
                rulesFor(resource.getCfnResourceType(), resource).forEach(rule -> add(resource, rule));
            }
        }
    }

    /**
     * Suppresses the finding {@code id} of the resource of {@code construct} (itself, or its default
     * child) for {@code reason}, only for the findings {@code appliesTo} names when it is not null.
     */
    public static void suppress(IConstruct construct, String id, String reason, List<Object> appliesTo) {
        CfnResource resource = construct instanceof CfnResource cfn
                ? cfn
                : (CfnResource) construct.getNode().getDefaultChild();
        add(resource, rule(id, reason, appliesTo));
    }

    /** Adds {@code rule} to the resource's {@code cdk_nag} metadata, after those it has. */
    @SuppressWarnings("unchecked")
    private static void add(CfnResource resource, Map<String, Object> rule) {
        Object existing = resource.getMetadata("cdk_nag");
        List<Map<String, Object>> rules = new ArrayList<>();
        if (existing instanceof Map<?, ?> metadata && metadata.get("rules_to_suppress") instanceof List<?> list) {
            rules.addAll((List<Map<String, Object>>) list);
        }
        rules.add(rule);
        resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }

    private static List<Map<String, Object>> rulesFor(String type, CfnResource resource) {
        List<Map<String, Object>> rules = new ArrayList<>();
        switch (type) {
            case "AWS::IAM::Role" ->
                rules.add(rule(
                        "AwsSolutions-IAM4",
                        "AWSLambdaBasicExecutionRole only lets a handler write its own CloudWatch logs"
                                + " (CreateLogGroup, CreateLogStream, PutLogEvents), and AWSLambdaVPCAccessExecutionRole"
                                + " only manages the network interfaces of a function in a VPC; a customer-managed copy"
                                + " would grant the same.",
                        List.of(BASIC_EXECUTION_ROLE, VPC_ACCESS_EXECUTION_ROLE)));
            case "AWS::IAM::Policy" -> {
                rules.add(rule(
                        "AwsSolutions-IAM5",
                        "The CDK provider framework invokes the versions of this provider's own handler functions"
                                + " (FUNCTION_ARN:*), and nothing else.",
                        List.of(Map.of("regex", "/^Resource::<.+\\.Arn>:\\*$/"))));
                rules.add(rule(
                        "AwsSolutions-IAM5",
                        "The waiter state machine's log delivery actions (logs:CreateLogDelivery and the like)"
                                + " have no resource-level permissions: AWS documents Resource '*' for them.",
                        List.of("Resource::*")));
            }
            case "AWS::Lambda::Function" -> {
                if (resource.getNode().getPath().contains("/Framework/")) {
                    rules.add(rule(
                            "CdkNagValidationFailure",
                            "The CDK provider framework picks its Node.js runtime per region from a mapping, which"
                                    + " cdk-nag cannot resolve at synth; the framework keeps it current.",
                            List.of("AwsSolutions-L1")));
                } else {
                    rules.add(rule(
                            "AwsSolutions-L1",
                            "The svc-connect handlers run on java21, the newest Java runtime of the aws-cdk-lib"
                                    + " version the constructs are built with; cdk-nag may know a newer one.",
                            null));
                }
            }
            case "AWS::StepFunctions::StateMachine" ->
                rules.add(rule(
                        "AwsSolutions-SF2",
                        "The provider framework's waiter state machine has no tracing option; it only polls the"
                                + " isComplete handler, and logs every event to CloudWatch Logs.",
                        null));
            default -> {
                // nothing kept on purpose
            }
        }
        return rules;
    }

    private static Map<String, Object> rule(String id, String reason, List<Object> appliesTo) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", id);
        rule.put("reason", reason);
        if (appliesTo != null) {
            rule.put("applies_to", appliesTo);
        }
        return rule;
    }
}
