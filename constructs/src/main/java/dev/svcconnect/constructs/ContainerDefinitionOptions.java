package dev.svcconnect.constructs;

import java.util.List;
import java.util.Map;

/** Options of a container added with {@link TaskDefinition#addContainer}. */
public final class ContainerDefinitionOptions {

    private final String containerName;
    private final String image;
    private final List<String> entryPoint;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Map<String, Secret> secrets;
    private final Boolean essential;
    private final HealthCheck healthCheck;
    private final List<PortMapping> portMappings;
    private final TaskArtifact artifact;

    private ContainerDefinitionOptions(Builder builder) {
        this.containerName = builder.containerName;
        this.image = builder.image;
        this.entryPoint = builder.entryPoint == null ? null : List.copyOf(builder.entryPoint);
        this.command = builder.command == null ? null : List.copyOf(builder.command);
        this.environment = builder.environment == null ? null : Map.copyOf(builder.environment);
        this.secrets = builder.secrets == null ? null : Map.copyOf(builder.secrets);
        this.essential = builder.essential;
        this.healthCheck = builder.healthCheck;
        this.portMappings = builder.portMappings == null ? null : List.copyOf(builder.portMappings);
        this.artifact = builder.artifact;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The container's name.
     *
     * @default - the construct id given to {@code addContainer}
     */
    public String getContainerName() {
        return containerName;
    }

    /**
     * The container image, for hosts that run containers.
     *
     * @default - none: process hosts run the {@link #getCommand() command}
     */
    public String getImage() {
        return image;
    }

    /**
     * The entry point: the words that the host puts before the {@link #getCommand() command}
     * (ECS's {@code entryPoint}).
     *
     * @default - the image's entry point; on process hosts, none: the command alone is run
     */
    public List<String> getEntryPoint() {
        return entryPoint;
    }

    /**
     * The command that starts the container: the process that an EC2-like or Fargate-like host runs.
     *
     * @default - the image's command
     */
    public List<String> getCommand() {
        return command;
    }

    /**
     * Environment variables of the container.
     *
     * @default - none
     */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /**
     * Secrets exposed to the container as environment variables, rendered as {@code Secrets}
     * ({@code [{Name, ValueFrom}]}, sorted by name). The agent resolves an SSM parameter's value
     * when the task starts and gives it to this container only; a Secrets Manager secret is not
     * served (a synth-time warning says so) and stops the task at its start.
     *
     * @default - none
     */
    public Map<String, Secret> getSecrets() {
        return secrets;
    }

    /**
     * Whether the task stops when this container stops.
     *
     * @default true
     */
    public Boolean getEssential() {
        return essential;
    }

    /**
     * The container's health check.
     *
     * @default - none: the container is healthy once it runs
     */
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    /**
     * The ports the container listens on.
     *
     * @default - none
     */
    public List<PortMapping> getPortMappings() {
        return portMappings;
    }

    /**
     * What the host puts into the container's working directory before it starts: a file or archive
     * shipped with the app ({@link TaskArtifact#fromAsset}), so that the command names it relatively
     * and hosts need no copy of the app's files.
     *
     * @default - none: the command names what the host already has
     */
    public TaskArtifact getArtifact() {
        return artifact;
    }

    /** Builds {@link ContainerDefinitionOptions}. */
    public static final class Builder {
        private String containerName;
        private String image;
        private List<String> entryPoint;
        private List<String> command;
        private Map<String, String> environment;
        private Map<String, Secret> secrets;
        private Boolean essential;
        private HealthCheck healthCheck;
        private List<PortMapping> portMappings;
        private TaskArtifact artifact;

        private Builder() {}

        /** @see ContainerDefinitionOptions#getContainerName() */
        public Builder containerName(String containerName) {
            this.containerName = containerName;
            return this;
        }

        /** @see ContainerDefinitionOptions#getImage() */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** @see ContainerDefinitionOptions#getEntryPoint() */
        public Builder entryPoint(List<String> entryPoint) {
            this.entryPoint = entryPoint;
            return this;
        }

        /** @see ContainerDefinitionOptions#getCommand() */
        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        /** @see ContainerDefinitionOptions#getEnvironment() */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** @see ContainerDefinitionOptions#getSecrets() */
        public Builder secrets(Map<String, Secret> secrets) {
            this.secrets = secrets;
            return this;
        }

        /** @see ContainerDefinitionOptions#getEssential() */
        public Builder essential(Boolean essential) {
            this.essential = essential;
            return this;
        }

        /** @see ContainerDefinitionOptions#getHealthCheck() */
        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        /** @see ContainerDefinitionOptions#getPortMappings() */
        public Builder portMappings(List<PortMapping> portMappings) {
            this.portMappings = portMappings;
            return this;
        }

        /** @see ContainerDefinitionOptions#getArtifact() */
        public Builder artifact(TaskArtifact artifact) {
            this.artifact = artifact;
            return this;
        }

        /** The options. */
        public ContainerDefinitionOptions build() {
            return new ContainerDefinitionOptions(this);
        }
    }
}
