package dev.svcconnect.constructs;

/** Properties of a {@link HostFleet}, added with {@link Cluster#addHostFleet}. */
public final class HostFleetProps {

    private final Number count;
    private final Number cpu;
    private final Number memory;

    private HostFleetProps(Builder builder) {
        this.count = builder.count;
        this.cpu = builder.cpu;
        this.memory = builder.memory;
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

    /** Builds {@link HostFleetProps}. */
    public static final class Builder {
        private Number count;
        private Number cpu;
        private Number memory;

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

        /** The properties. */
        public HostFleetProps build() {
            return new HostFleetProps(this);
        }
    }
}
