package dev.svcconnect.constructs;

import java.util.Objects;

/** Properties shared by {@link Ec2ServiceProps} and {@link FargateServiceProps}. */
public abstract class BaseServiceOptions {

    private final ICluster cluster;
    private final TaskDefinition taskDefinition;
    private final String serviceName;
    private final Number desiredCount;
    private final Number minHealthyPercent;
    private final Number maxHealthyPercent;
    private final DeploymentCircuitBreaker circuitBreaker;
    private final ServiceConnectProps serviceConnectConfiguration;

    BaseServiceOptions(AbstractBuilder<?, ?> builder) {
        this.cluster = Objects.requireNonNull(builder.cluster, "cluster");
        this.taskDefinition = Objects.requireNonNull(builder.taskDefinition, "taskDefinition");
        this.serviceName = builder.serviceName;
        this.desiredCount = builder.desiredCount;
        this.minHealthyPercent = builder.minHealthyPercent;
        this.maxHealthyPercent = builder.maxHealthyPercent;
        this.circuitBreaker = builder.circuitBreaker;
        this.serviceConnectConfiguration = builder.serviceConnectConfiguration;
    }

    /** The cluster the service runs in: a {@link Cluster} or an imported {@link ICluster} (required). */
    public ICluster getCluster() {
        return cluster;
    }

    /** The task definition of the service's tasks. */
    public TaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /**
     * The service's name.
     *
     * @default - a name generated from the stack's name and the service's logical id
     */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * How many tasks the service runs; a token such as {@code param.getValueAsNumber()} is rendered
     * as a reference.
     *
     * @default 1
     */
    public Number getDesiredCount() {
        return desiredCount;
    }

    /**
     * The lower limit on running healthy tasks during a deployment, in percent of the desired count.
     *
     * @default 100
     */
    public Number getMinHealthyPercent() {
        return minHealthyPercent;
    }

    /**
     * The upper limit on running tasks during a deployment, in percent of the desired count.
     *
     * @default 200
     */
    public Number getMaxHealthyPercent() {
        return maxHealthyPercent;
    }

    /**
     * The deployment circuit breaker.
     *
     * @default - none: a failing deployment ends when as many tasks failed as the circuit breaker
     *          would tolerate, without rollback
     */
    public DeploymentCircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    /**
     * The Service Connect configuration; see also {@link BaseService#enableServiceConnect()}.
     *
     * @default - Service Connect is not enabled
     */
    public ServiceConnectProps getServiceConnectConfiguration() {
        return serviceConnectConfiguration;
    }

    /**
     * The setters shared by the props builders and the construct builders.
     *
     * @param <B> the builder's own type
     * @param <T> what the builder builds
     */
    public abstract static class AbstractBuilder<B extends AbstractBuilder<B, T>, T> {
        private ICluster cluster;
        private TaskDefinition taskDefinition;
        private String serviceName;
        private Number desiredCount;
        private Number minHealthyPercent;
        private Number maxHealthyPercent;
        private DeploymentCircuitBreaker circuitBreaker;
        private ServiceConnectProps serviceConnectConfiguration;

        AbstractBuilder() {}

        /** @see BaseServiceOptions#getCluster() */
        public B cluster(ICluster cluster) {
            this.cluster = cluster;
            return self();
        }

        /** @see BaseServiceOptions#getTaskDefinition() */
        public B taskDefinition(TaskDefinition taskDefinition) {
            this.taskDefinition = taskDefinition;
            return self();
        }

        /** @see BaseServiceOptions#getServiceName() */
        public B serviceName(String serviceName) {
            this.serviceName = serviceName;
            return self();
        }

        /** @see BaseServiceOptions#getDesiredCount() */
        public B desiredCount(Number desiredCount) {
            this.desiredCount = desiredCount;
            return self();
        }

        /** @see BaseServiceOptions#getMinHealthyPercent() */
        public B minHealthyPercent(Number minHealthyPercent) {
            this.minHealthyPercent = minHealthyPercent;
            return self();
        }

        /** @see BaseServiceOptions#getMaxHealthyPercent() */
        public B maxHealthyPercent(Number maxHealthyPercent) {
            this.maxHealthyPercent = maxHealthyPercent;
            return self();
        }

        /** @see BaseServiceOptions#getCircuitBreaker() */
        public B circuitBreaker(DeploymentCircuitBreaker circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return self();
        }

        /** @see BaseServiceOptions#getServiceConnectConfiguration() */
        public B serviceConnectConfiguration(ServiceConnectProps serviceConnectConfiguration) {
            this.serviceConnectConfiguration = serviceConnectConfiguration;
            return self();
        }

        /** This builder. */
        abstract B self();

        /** What the builder builds. */
        public abstract T build();
    }
}
