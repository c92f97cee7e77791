package dev.svcconnect.constructs;

import java.util.Objects;

/** What is known of an existing task definition, for {@link TaskDefinition#fromTaskDefinitionAttributes}. */
public final class TaskDefinitionAttributes {

    private final String taskDefinitionArn;
    private final NetworkMode networkMode;

    private TaskDefinitionAttributes(Builder builder) {
        this.taskDefinitionArn = Objects.requireNonNull(builder.taskDefinitionArn, "taskDefinitionArn");
        this.networkMode = builder.networkMode;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The ARN of the revision (required). */
    public String getTaskDefinitionArn() {
        return taskDefinitionArn;
    }

    /**
     * The network mode of the revision.
     *
     * @default - unknown: {@link ITaskDefinition#getNetworkMode()} throws
     */
    public NetworkMode getNetworkMode() {
        return networkMode;
    }

    /** Builds {@link TaskDefinitionAttributes}. */
    public static final class Builder {
        private String taskDefinitionArn;
        private NetworkMode networkMode;

        private Builder() {}

        /** @see TaskDefinitionAttributes#getTaskDefinitionArn() */
        public Builder taskDefinitionArn(String taskDefinitionArn) {
            this.taskDefinitionArn = taskDefinitionArn;
            return this;
        }

        /** @see TaskDefinitionAttributes#getNetworkMode() */
        public Builder networkMode(NetworkMode networkMode) {
            this.networkMode = networkMode;
            return this;
        }

        /** The attributes. */
        public TaskDefinitionAttributes build() {
            return new TaskDefinitionAttributes(this);
        }
    }
}
