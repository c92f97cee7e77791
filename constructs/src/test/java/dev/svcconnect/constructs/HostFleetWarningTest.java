package dev.svcconnect.constructs;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** An EC2 service in a cluster without a host fleet is a warning (aws-cdk-lib: an error), not a failure. */
class HostFleetWarningTest {

    private final Stack stack = Apps.stack();

    @Test
    void anEc2ServiceInAClusterWithoutHostFleetIsAWarningWithTheServicePath() {
        Cluster cluster = new Cluster(stack, "Cluster");
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, "Task"))
                .build();

        Annotations.fromStack(stack)
                .hasWarning(
                        "/Test/Api",
                        Match.stringLikeRegexp("^cluster Test/Cluster has no host fleet: the tasks of this EC2"
                                + " service run only on hosts started with 'svc-connect agent --cluster' \\(add one"
                                + " with Cluster.addHostFleet\\).*"));
    }

    @Test
    void aHostFleetAddedAfterTheServiceIsEnough() {
        Cluster cluster = new Cluster(stack, "Cluster");
        Ec2Service.Builder.create(stack, "Api")
                .cluster(cluster)
                .taskDefinition(Apps.task(stack, "Task"))
                .build();
        cluster.addHostFleet("Hosts", HostFleetProps.builder().build());

        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void fargateServicesAndImportedClustersNeedNoHostFleet() {
        FargateService.Builder.create(stack, "Web")
                .cluster(new Cluster(stack, "Cluster"))
                .taskDefinition(Apps.task(stack, "WebTask"))
                .build();
        Ec2Service.Builder.create(stack, "Api")
                .cluster(Cluster.fromClusterAttributes(
                        stack,
                        "Shared",
                        ClusterAttributes.builder().clusterName("shared").build()))
                .taskDefinition(Apps.task(stack, "ApiTask"))
                .build();

        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }
}
