package dev.svcconnect.constructs;

import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;

/** Properties of a {@link HostFleet}, added with {@link Cluster#addHostFleet}. */
public final class HostFleetProps {

    private final Number count;
    private final Number cpu;
    private final Number memory;
    private final ControlPlane controlPlane;
    private final InstanceType instanceType;
    private final Number minCapacity;
    private final Number maxCapacity;
    private final SubnetSelection vpcSubnets;

    private HostFleetProps(Builder builder) {
        this.count = builder.count;
        this.cpu = builder.cpu;
        this.memory = builder.memory;
        this.controlPlane = builder.controlPlane;
        this.instanceType = builder.instanceType;
        this.minCapacity = builder.minCapacity;
        this.maxCapacity = builder.maxCapacity;
        this.vpcSubnets = builder.vpcSubnets;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How many hosts the fleet has.
     *
     * @default 1
     */
    public Number getCount() {
        return count;
    }

    /**
     * The CPU capacity of each host, in CPU units (1024 per vCPU).
     *
     * @default - what the host agent detects on its machine
     */
    public Number getCpu() {
        return cpu;
    }

    /**
     * The memory capacity of each host, in MiB.
     *
     * @default - what the host agent detects on its machine
     */
    public Number getMemory() {
        return memory;
    }

    /**
     * The svc-connect control plane on AWS that the fleet's hosts join: with it, the fleet is an Auto Scaling
     * group of EC2 instances (Amazon Linux 2023) in the control plane's VPC whose user data runs the agent.
     *
     * @default - none: hosts are started by the local engine (or by hand)
     */
    public ControlPlane getControlPlane() {
        return controlPlane;
    }

    /**
     * The type of the hosts' EC2 instances (x86_64), with {@code controlPlane}.
     *
     * @default t3.medium
     */
    public InstanceType getInstanceType() {
        return instanceType;
    }

    /**
     * The fewest instances the Auto Scaling group keeps, with {@code controlPlane}.
     *
     * @default - {@code count}
     */
    public Number getMinCapacity() {
        return minCapacity;
    }

    /**
     * The most instances the Auto Scaling group runs, with {@code controlPlane}.
     *
     * @default - {@code count}
     */
    public Number getMaxCapacity() {
        return maxCapacity;
    }

    /**
     * The subnets of the hosts' instances, with {@code controlPlane}.
     *
     * @default - the control plane's subnets
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /** Builds {@link HostFleetProps}. */
    public static final class Builder {
        private Number count;
        private Number cpu;
        private Number memory;
        private ControlPlane controlPlane;
        private InstanceType instanceType;
        private Number minCapacity;
        private Number maxCapacity;
        private SubnetSelection vpcSubnets;

        private Builder() {}

        /** @see HostFleetProps#getCount() */
        public Builder count(Number count) {
            this.count = count;
            return this;
        }

        /** @see HostFleetProps#getCpu() */
        public Builder cpu(Number cpu) {
            this.cpu = cpu;
            return this;
        }

        /** @see HostFleetProps#getMemory() */
        public Builder memory(Number memory) {
            this.memory = memory;
            return this;
        }

        /** @see HostFleetProps#getControlPlane() */
        public Builder controlPlane(ControlPlane controlPlane) {
            this.controlPlane = controlPlane;
            return this;
        }

        /** @see HostFleetProps#getInstanceType() */
        public Builder instanceType(InstanceType instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        /** @see HostFleetProps#getMinCapacity() */
        public Builder minCapacity(Number minCapacity) {
            this.minCapacity = minCapacity;
            return this;
        }

        /** @see HostFleetProps#getMaxCapacity() */
        public Builder maxCapacity(Number maxCapacity) {
            this.maxCapacity = maxCapacity;
            return this;
        }

        /** @see HostFleetProps#getVpcSubnets() */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /** The properties. */
        public HostFleetProps build() {
            return new HostFleetProps(this);
        }
    }
}
