package dev.svcconnect.constructs.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.IStableStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.Signals;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The EC2 instances svc-connect runs on AWS, the control plane's and the hosts': a security group
 * and a role of their own (the caller grants the role what it needs, nothing else), and an Auto
 * Scaling group of a launch template with Amazon Linux 2023 (the public SSM parameter), an
 * encrypted 20 GiB gp3 root volume, IMDSv2 only, and a {@link UserDataScript}.
 */
public final class InstanceGroup {

    /** The root device of Amazon Linux 2023. */
    private static final String ROOT_DEVICE = "/dev/xvda";
    /** The root volume: the OS, the JRE, svc-connect.jar, and the tasks' artifacts and logs. */
    private static final int ROOT_VOLUME_GIB = 20;

    private final Construct scope;
    private final IVpc vpc;
    private final SecurityGroup securityGroup;
    private final Role role;

    /** The security group ({@code SecurityGroup}) and role ({@code InstanceRole}) of instances in {@code scope}. */
    public InstanceGroup(Construct scope, IVpc vpc, String description) {
        this.scope = scope;
        this.vpc = vpc;
        this.securityGroup = SecurityGroup.Builder.create(scope, "InstanceSecurityGroup")
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(true)
                .build();
        this.role = Role.Builder.create(scope, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(description)
                .build();
    }

    /** The instances' security group. */
    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    /** The instances' role. */
    public Role role() {
        return role;
    }

    /**
     * The Auto Scaling group ({@code Instances}) of {@code desired} instances (between {@code min}
     * and {@code max}; null leaves the group's size to its scaling) of {@code type} in
     * {@code subnets}, running the user data {@code script} with {@code variables}. With
     * {@code signals}, CloudFormation waits for the instances' success signals, whose resource is
     * the variable {@code SVC_CONNECT_SIGNAL_RESOURCE} (the group's logical id).
     */
    public AutoScalingGroup autoScalingGroup(
            SubnetSelection subnets,
            InstanceType type,
            String script,
            Map<String, String> variables,
            Number min,
            Number max,
            Number desired,
            Signals signals) {
        AutoScalingGroup[] built = new AutoScalingGroup[1];
        Map<String, String> all = new LinkedHashMap<>(variables);
        if (signals != null) {
            all.put("SVC_CONNECT_STACK", Aws.STACK_NAME);
            all.put("SVC_CONNECT_SIGNAL_RESOURCE", Lazy.string((IStableStringProducer)
                    () -> ((CfnResource) built[0].getNode().getDefaultChild()).getLogicalId()));
        }
        LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(scope, "LaunchTemplate")
                .instanceType(type)
                .machineImage(MachineImage.latestAmazonLinux2023())
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName(ROOT_DEVICE)
                        .volume(BlockDeviceVolume.ebs(
                                ROOT_VOLUME_GIB,
                                EbsDeviceOptions.builder()
                                        .encrypted(true)
                                        .volumeType(EbsDeviceVolumeType.GP3)
                                        .deleteOnTermination(true)
                                        .build()))
                        .build()))
                .userData(UserDataScript.of(script, all))
                .role(role)
                .securityGroup(securityGroup)
                .requireImdsv2(true)
                .build();
        AutoScalingGroup group = AutoScalingGroup.Builder.create(scope, "Instances")
                .vpc(vpc)
                .vpcSubnets(subnets)
                .launchTemplate(launchTemplate)
                .minCapacity(min)
                .maxCapacity(max)
                .desiredCapacity(desired)
                .signals(signals)
                .build();
        built[0] = group;
        CdkNagSuppressions.suppress(
                group,
                "AwsSolutions-AS3",
                "The group's scaling events are in its activity history and the stack's events; svc-connect creates"
                        + " no SNS topic that the user did not ask for.",
                null);
        Policy policy = (Policy) role.getNode().tryFindChild("DefaultPolicy");
        if (policy != null) {
            CdkNagSuppressions.suppress(
                    policy,
                    "AwsSolutions-IAM5",
                    "aws-cdk-lib's Asset.grantRead gives s3:GetObject*, s3:GetBucket* and s3:List* on the CDK assets"
                            + " bucket's objects (named by their content hash, so a grant of one key would break the"
                            + " next deployment); the instances read the svc-connect jar and the containers' artifacts"
                            + " from it, and nothing else of S3.",
                    List.of(
                            "Action::s3:GetObject*",
                            "Action::s3:GetBucket*",
                            "Action::s3:List*",
                            Map.of("regex", "/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-.+\\/\\*$/")));
        }
        if (desired != null) {
            // The declared size is meant: each deployment sets it, as the local engine does.
            Annotations.of(group).acknowledgeWarning("@aws-cdk/aws-autoscaling:desiredCapacitySet");
        }
        return group;
    }
}
