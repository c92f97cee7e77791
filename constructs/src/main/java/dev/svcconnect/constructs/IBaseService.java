package dev.svcconnect.constructs;

import software.constructs.IConstruct;

/**
 * A service (as aws-cdk-lib's {@code ecs.IBaseService}): an {@link Ec2Service} or
 * {@link FargateService}, or an existing one imported with {@code fromEc2ServiceArn},
 * {@code fromEc2ServiceAttributes}, {@code fromFargateServiceArn} or
 * {@code fromFargateServiceAttributes}.
 */
public interface IBaseService extends IConstruct {

    /** The service's ARN. */
    String getServiceArn();

    /** The service's name. */
    String getServiceName();

    /** The cluster the service runs in. */
    ICluster getCluster();
}
