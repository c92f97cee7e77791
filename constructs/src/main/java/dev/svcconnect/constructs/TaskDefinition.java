package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.ImportedTaskDefinition;
import dev.svcconnect.constructs.internal.Rendering;
import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.ITaggable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.TagType;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * The blueprint of a task, rendered as {@code Custom::SvcConnectTaskDefinition} with the
 * properties of {@code AWS::ECS::TaskDefinition} ({@code Family}, {@code Cpu}, {@code Memory},
 * {@code NetworkMode}, {@code ContainerDefinitions}, {@code Tags} from {@code Tags.of(...)}).
 *
 * <pre>{@code
 * TaskDefinition task = TaskDefinition.Builder.create(stack, "Api").family("api").build();
 * task.addContainer("app", ContainerDefinitionOptions.builder()
 *         .command(List.of("java", "-jar", "api.jar"))
 *         .portMappings(List.of(PortMapping.builder().name("api").containerPort(8080)
 *                 .appProtocol(AppProtocol.HTTP).build()))
 *         .build());
 * }</pre>
 */
public class TaskDefinition extends Construct implements ITaskDefinition, ITaggable {

    private static final String TYPE = "Custom::SvcConnectTaskDefinition";

    private final TagManager tags = new TagManager(TagType.STANDARD, TYPE);
    private final String family;
    private final NetworkMode networkMode;
    private final List<ContainerDefinition> containers = new ArrayList<>();
    private final CustomResource resource;

    /** A task definition in {@code scope}. */
    public TaskDefinition(Construct scope, String id, TaskDefinitionProps props) {
        super(scope, id);
        TaskDefinitionProps given =
                props == null ? TaskDefinitionProps.builder().build() : props;
        this.family =
                given.getFamily() == null ? Names.uniqueId(this) : Validation.resourceName(given.getFamily(), "family");
        this.networkMode = given.getNetworkMode() == null ? NetworkMode.AWS_VPC : given.getNetworkMode();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Family", family);
        properties.put("Cpu", asString(given.getCpu() == null ? 256 : Validation.atLeast(given.getCpu(), 128, "cpu")));
        properties.put(
                "Memory",
                asString(given.getMemory() == null ? 512 : Validation.atLeast(given.getMemory(), 6, "memory")));
        properties.put("NetworkMode", networkMode.getValue());
        properties.put(
                "ContainerDefinitions",
                Lazy.uncachedAny(context ->
                        containers.stream().map(ContainerDefinition::render).toList()));
        properties.put("Tags", Lazy.uncachedAny(context -> Rendering.tags(tags)));
        this.resource = StackProvider.of(this).resource(this, "Resource", TYPE, properties);
        getNode()
                .addValidation(() -> containers.isEmpty()
                        ? List.of("Task definition must have at least one container (add one with addContainer).")
                        : List.of());
    }

    /** A task definition in {@code scope} with the default properties. */
    public TaskDefinition(Construct scope, String id) {
        this(scope, id, null);
    }

    /** An existing task definition revision, by its ARN (as aws-cdk-lib); its network mode is unknown. */
    public static ITaskDefinition fromTaskDefinitionArn(Construct scope, String id, String taskDefinitionArn) {
        return fromTaskDefinitionAttributes(
                scope,
                id,
                TaskDefinitionAttributes.builder()
                        .taskDefinitionArn(taskDefinitionArn)
                        .build());
    }

    /** An existing task definition revision, by its attributes (as aws-cdk-lib). */
    public static ITaskDefinition fromTaskDefinitionAttributes(
            Construct scope, String id, TaskDefinitionAttributes attributes) {
        return new ImportedTaskDefinition(scope, id, Objects.requireNonNull(attributes, "attributes"));
    }

    /** Adds a container, named {@code id} unless the options name it. */
    public ContainerDefinition addContainer(String id, ContainerDefinitionOptions options) {
        Objects.requireNonNull(options, "options");
        ContainerDefinition container = new ContainerDefinition(this, id, options);
        containers.add(container);
        return container;
    }

    /**
     * The port mapping named {@code name} in any container, or {@code null}; the same as
     * {@link #findPortMappingByName}.
     */
    public PortMapping findPortMapping(String name) {
        return findPortMappingByName(name);
    }

    /** The port mapping named {@code name} in any container, or {@code null} (as aws-cdk-lib). */
    public PortMapping findPortMappingByName(String name) {
        return containers.stream()
                .flatMap(c -> c.getPortMappings().stream())
                .filter(m -> name.equals(m.getName()))
                .findFirst()
                .orElse(null);
    }

    /** The containers, in the order they were added. */
    public List<ContainerDefinition> getContainers() {
        return List.copyOf(containers);
    }

    /** The family. */
    public String getFamily() {
        return family;
    }

    /** The network mode. */
    @Override
    public NetworkMode getNetworkMode() {
        return networkMode;
    }

    /** The ARN of the registered revision ({@code Ref}). */
    @Override
    public String getTaskDefinitionArn() {
        return resource.getRef();
    }

    /** The tags of the task definition, rendered as {@code Tags} ({@code [{Key, Value}]}); add with {@code Tags.of(...)}. */
    @Override
    public TagManager getTags() {
        return tags;
    }

    /** CloudFormation's string form of a task's CPU or memory; a token stays a reference. */
    private static String asString(Number value) {
        return Validation.isToken(value) ? Token.asString(value) : String.valueOf(value);
    }

    /** Builds a {@link TaskDefinition}: {@code TaskDefinition.Builder.create(scope, id).family("api").build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final TaskDefinitionProps.Builder props = TaskDefinitionProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /** A builder of a task definition {@code id} in {@code scope}. */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see TaskDefinitionProps#getFamily() */
        public Builder family(String family) {
            props.family(family);
            return this;
        }

        /** @see TaskDefinitionProps#getCpu() */
        public Builder cpu(Number cpu) {
            props.cpu(cpu);
            return this;
        }

        /** @see TaskDefinitionProps#getMemory() */
        public Builder memory(Number memory) {
            props.memory(memory);
            return this;
        }

        /** @see TaskDefinitionProps#getNetworkMode() */
        public Builder networkMode(NetworkMode networkMode) {
            props.networkMode(networkMode);
            return this;
        }

        /** The task definition. */
        public TaskDefinition build() {
            return new TaskDefinition(scope, id, props.build());
        }
    }
}
