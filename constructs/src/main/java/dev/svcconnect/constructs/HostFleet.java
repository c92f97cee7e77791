package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.CdkNagSuppressions;
import dev.svcconnect.constructs.internal.InstanceGroup;
import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import dev.svcconnect.model.jvm.JvmOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * EC2-like capacity of a cluster: a number of hosts, each running a host agent, rendered as
 * {@code Custom::SvcConnectHostFleet} ({@code Cluster}, {@code Count}, {@code Cpu},
 * {@code Memory}). Created with {@link Cluster#addHostFleet}.
 *
 * <p>With a {@code controlPlane} (AWS), the hosts are an Auto Scaling group of EC2 instances
 * (Amazon Linux 2023 from the public SSM parameter, IMDSv2 only) whose user data installs a JRE,
 * fetches the svc-connect jar (the control plane's S3 asset), reads the cluster's join token from
 * the fleet's secret and runs {@code svc-connect agent} under systemd. The provider creates the
 * token and puts it into the secret ({@code JoinTokenSecret}) before the group starts instances.
 * Their role may only read the jar and that secret. The local engine skips these resources.
 */
public class HostFleet extends Construct {

    private final Number count;
    private final AutoScalingGroup autoScalingGroup;

    HostFleet(Construct scope, String id, Cluster cluster, HostFleetProps props) {
        super(scope, id);
        HostFleetProps given = props == null ? HostFleetProps.builder().build() : props;
        this.count = given.getCount() == null ? 1 : Validation.atLeast(given.getCount(), 0, "count");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Cluster", cluster.getClusterName());
        properties.put("Count", count);
        if (given.getCpu() != null) {
            properties.put("Cpu", Validation.atLeast(given.getCpu(), 1, "cpu"));
        }
        if (given.getMemory() != null) {
            properties.put("Memory", Validation.atLeast(given.getMemory(), 1, "memory"));
        }
        ControlPlane controlPlane = given.getControlPlane();
        if (controlPlane == null) {
            Map<String, Object> awsOnly = new LinkedHashMap<>();
            awsOnly.put("instanceType", given.getInstanceType());
            awsOnly.put("minCapacity", given.getMinCapacity());
            awsOnly.put("maxCapacity", given.getMaxCapacity());
            awsOnly.put("vpcSubnets", given.getVpcSubnets());
            awsOnly.forEach((name, value) -> {
                if (value != null) {
                    throw new IllegalArgumentException("HostFleet " + getNode().getPath() + ": " + name
                            + " needs controlPlane (it shapes the Auto Scaling group of hosts on AWS)");
                }
            });
            StackProvider.of(this).resource(this, "Resource", "Custom::SvcConnectHostFleet", properties);
            this.autoScalingGroup = null;
            return;
        }
        Secret joinToken = Secret.Builder.create(this, "JoinToken")
                .description("svc-connect join token of the hosts of "
                        + getNode().getPath() + " (put by the provider for the fleet's cluster)")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{}")
                        .generateStringKey("placeholder")
                        .build())
                .build();
        CdkNagSuppressions.suppress(
                joinToken,
                "AwsSolutions-SMG4",
                "The provider puts a new join token (valid 30 days) here on every Create and Update of the fleet; a"
                        + " token only serves an instance's first registration.",
                null);
        properties.put("JoinTokenSecret", joinToken.getSecretArn());
        StackProvider provider = StackProvider.of(this);
        CustomResource resource = provider.resource(this, "Resource", "Custom::SvcConnectHostFleet", properties);
        provider.allowPutJoinToken(joinToken);
        this.autoScalingGroup = autoScalingGroup(cluster, given, controlPlane, joinToken);
        // The token must be in the secret before the first instance reads it.
        autoScalingGroup.getNode().addDependency(resource);
    }

    private AutoScalingGroup autoScalingGroup(
            Cluster cluster, HostFleetProps given, ControlPlane controlPlane, Secret joinToken) {
        InstanceGroup group = new InstanceGroup(
                this, controlPlane.getVpc(), "svc-connect hosts of " + getNode().getPath());
        controlPlane.allowClient(
                group.securityGroup(), "svc-connect hosts " + getNode().getPath());
        controlPlane.getJar().grantRead(group.role());
        joinToken.grantRead(group.role());

        StringBuilder agentOptions = new StringBuilder();
        if (given.getCpu() != null) {
            agentOptions.append("--cpu ").append(Token.asString(given.getCpu()));
        }
        if (given.getMemory() != null) {
            agentOptions
                    .append(agentOptions.length() > 0 ? " " : "")
                    .append("--memory ")
                    .append(Token.asString(given.getMemory()));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SVC_CONNECT_JAR_URL", controlPlane.getJar().getS3ObjectUrl());
        variables.put("SVC_CONNECT_REGION", Aws.REGION);
        variables.put("SVC_CONNECT_ENDPOINT", controlPlane.getEndpoint());
        variables.put("SVC_CONNECT_CLUSTER", cluster.getClusterName());
        variables.put("SVC_CONNECT_JOIN_TOKEN_SECRET", joinToken.getSecretArn());
        variables.put("SVC_CONNECT_AGENT_OPTIONS", agentOptions.toString());
        variables.put("SVC_CONNECT_JVM_OPTIONS", String.join(" ", JvmOptions.agent()));
        return group.autoScalingGroup(
                given.getVpcSubnets() != null ? given.getVpcSubnets() : controlPlane.getVpcSubnets(),
                given.getInstanceType() != null
                        ? given.getInstanceType()
                        : InstanceType.of(InstanceClass.T3, InstanceSize.MEDIUM),
                "host-user-data.sh",
                variables,
                given.getMinCapacity() != null ? Validation.atLeast(given.getMinCapacity(), 0, "minCapacity") : count,
                given.getMaxCapacity() != null ? Validation.atLeast(given.getMaxCapacity(), 1, "maxCapacity") : count,
                count,
                null);
    }

    /** How many hosts the fleet has: a number, or a token such as {@code param.getValueAsNumber()}. */
    public Number getCount() {
        return count;
    }

    /** The Auto Scaling group of the hosts on AWS; null without a {@code controlPlane}. */
    public AutoScalingGroup getAutoScalingGroup() {
        return autoScalingGroup;
    }
}
