package dev.svcconnect.constructs;

import java.util.Objects;

/**
 * What is known of an existing service, for {@code Ec2Service.fromEc2ServiceAttributes} and
 * {@code FargateService.fromFargateServiceAttributes} (aws-cdk-lib's {@code Ec2ServiceAttributes}
 * and {@code FargateServiceAttributes}, which have the same fields). Give the ARN or the name.
 */
public final class ServiceAttributes {

    private final ICluster cluster;
    private final String serviceArn;
    private final String serviceName;

    private ServiceAttributes(Builder builder) {
        this.cluster = Objects.requireNonNull(builder.cluster, "cluster");
        if ((builder.serviceArn == null) == (builder.serviceName == null)) {
            throw new IllegalArgumentException("serviceArn, serviceName: "
                    + (builder.serviceArn == null ? "neither is given" : "both are given")
                    + " (expected: exactly one of them)");
        }
        this.serviceArn = builder.serviceArn;
        this.serviceName = builder.serviceName;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster the service runs in (required). */
    public ICluster getCluster() {
        return cluster;
    }

    /**
     * The service's ARN ({@code arn:...:ecs:REGION:ACCOUNT:service/CLUSTER/NAME}).
     *
     * @default - made of the cluster's name and {@link #getServiceName()}, in the stack's account and region
     */
    public String getServiceArn() {
        return serviceArn;
    }

    /**
     * The service's name.
     *
     * @default - the last part of {@link #getServiceArn()}
     */
    public String getServiceName() {
        return serviceName;
    }

    /** Builds {@link ServiceAttributes}. */
    public static final class Builder {
        private ICluster cluster;
        private String serviceArn;
        private String serviceName;

        private Builder() {}

        /** @see ServiceAttributes#getCluster() */
        public Builder cluster(ICluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** @see ServiceAttributes#getServiceArn() */
        public Builder serviceArn(String serviceArn) {
            this.serviceArn = serviceArn;
            return this;
        }

        /** @see ServiceAttributes#getServiceName() */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** The attributes. */
        public ServiceAttributes build() {
            return new ServiceAttributes(this);
        }
    }
}
