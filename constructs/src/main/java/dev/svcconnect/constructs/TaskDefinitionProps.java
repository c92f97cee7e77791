package dev.svcconnect.constructs;

/** Properties of a {@link TaskDefinition}. */
public final class TaskDefinitionProps {

    private final String family;
    private final Number cpu;
    private final Number memory;
    private final NetworkMode networkMode;

    private TaskDefinitionProps(Builder builder) {
        this.family = builder.family;
        this.cpu = builder.cpu;
        this.memory = builder.memory;
        this.networkMode = builder.networkMode;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The family: the name shared by the task definition's revisions.
     *
     * @default - a name made of the construct's path, unique in the app
     */
    public String getFamily() {
        return family;
    }

    /**
     * The task's CPU, in CPU units (1024 per vCPU); Service Connect's proxy uses what the
     * containers leave unallocated.
     *
     * @default 256
     */
    public Number getCpu() {
        return cpu;
    }

    /**
     * The task's memory, in MiB.
     *
     * @default 512
     */
    public Number getMemory() {
        return memory;
    }

    /**
     * How the task's containers are networked.
     *
     * @default NetworkMode.AWS_VPC
     */
    public NetworkMode getNetworkMode() {
        return networkMode;
    }

    /** Builds {@link TaskDefinitionProps}. */
    public static final class Builder {
        private String family;
        private Number cpu;
        private Number memory;
        private NetworkMode networkMode;

        private Builder() {}

        /** @see TaskDefinitionProps#getFamily() */
        public Builder family(String family) {
            this.family = family;
            return this;
        }

        /** @see TaskDefinitionProps#getCpu() */
        public Builder cpu(Number cpu) {
            this.cpu = cpu;
            return this;
        }

        /** @see TaskDefinitionProps#getMemory() */
        public Builder memory(Number memory) {
            this.memory = memory;
            return this;
        }

        /** @see TaskDefinitionProps#getNetworkMode() */
        public Builder networkMode(NetworkMode networkMode) {
            this.networkMode = networkMode;
            return this;
        }

        /** The properties. */
        public TaskDefinitionProps build() {
            return new TaskDefinitionProps(this);
        }
    }
}
