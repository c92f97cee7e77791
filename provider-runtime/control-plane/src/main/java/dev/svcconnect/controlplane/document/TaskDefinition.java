package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ECS task definition as stored (row of {@link Table#TASK_DEFINITIONS}: id {@code
 * family:revision}, scope the family).
 */
public final class TaskDefinition extends Document {

    /** The status of a deregistered task definition. */
    public static final String INACTIVE = "INACTIVE";

    private static final String STATUS = "status";
    private static final String ACTIVE = "ACTIVE";
    private static final String REVISION = "revision";
    private static final String CONTAINER_DEFINITIONS = "containerDefinitions";
    private static final String NAME = "name";

    private TaskDefinition(ObjectNode json) {
        super(json);
    }

    /** A view over a stored task definition. */
    public static TaskDefinition of(ObjectNode json) {
        return new TaskDefinition(json);
    }

    /**
     * A task definition by its ARN ({@code arn:...:task-definition/FAMILY:REVISION}), or the latest
     * ACTIVE revision of a family by the family's ARN ({@code arn:...:task-definition/FAMILY}).
     */
    public static Optional<TaskDefinition> find(Transaction tx, String arn) {
        if (lastPart(arn).contains(":")) {
            return tx.get(Table.TASK_DEFINITIONS, arn).map(TaskDefinition::new);
        }
        return revisions(tx, arn).stream()
                .filter(TaskDefinition::isActive)
                .max(Comparator.comparingInt(TaskDefinition::revision));
    }

    /** The revisions of a family, in any status, by the family's ARN (which names its region). */
    public static List<TaskDefinition> revisions(Transaction tx, String familyArn) {
        return tx.list(Table.TASK_DEFINITIONS, familyArn).stream()
                .map(TaskDefinition::new)
                .toList();
    }

    public String arn() {
        return text("taskDefinitionArn");
    }

    public String family() {
        return text("family");
    }

    public int revision() {
        return integer(REVISION);
    }

    /** {@code family:revision}. */
    public String familyRevision() {
        return family() + ":" + revision();
    }

    /** The ARN of the family: the ARN without {@code :REVISION}. */
    public String familyArn() {
        String arn = arn();
        return arn.substring(0, arn.lastIndexOf(':'));
    }

    public boolean isActive() {
        return ACTIVE.equals(text(STATUS));
    }

    /** ACTIVE, INACTIVE or DELETE_IN_PROGRESS. */
    public String status() {
        return text(STATUS);
    }

    /** Makes the task definition INACTIVE, as DeregisterTaskDefinition does, at {@code now}. */
    public TaskDefinition deregister(double now) {
        json().put(STATUS, INACTIVE);
        json().put("deregisteredAt", now);
        return this;
    }

    /** The task-level {@code cpu} as written, or null. */
    public JsonNode cpu() {
        return json().get("cpu");
    }

    /** The task-level {@code memory} as written, or null. */
    public JsonNode memory() {
        return json().get("memory");
    }

    /** The container definitions, as stored. */
    public List<ObjectNode> containerDefinitions() {
        List<ObjectNode> containers = new ArrayList<>();
        for (JsonNode container : json().path(CONTAINER_DEFINITIONS)) {
            containers.add((ObjectNode) container);
        }
        return containers;
    }

    /** The names of its containers, in order. */
    public List<String> containerNames() {
        return containerDefinitions().stream()
                .map(container -> container.path(NAME).asText())
                .toList();
    }

    /** The port mapping with this name, if any. */
    public Optional<PortMapping> portMapping(String name) {
        for (JsonNode container : json().path(CONTAINER_DEFINITIONS)) {
            for (JsonNode mapping : container.path("portMappings")) {
                if (name.equals(PortMapping.of(mapping).name())) {
                    return Optional.of(PortMapping.of(mapping));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The task definition as a task with {@code overrides} runs it, without its tags: a container
     * override's {@code command} replaces the container's, its {@code environment} variables
     * replace those of the same name and add the others.
     */
    public ObjectNode runWith(JsonNode overrides) {
        ObjectNode copy = json().deepCopy();
        copy.remove("tags");
        for (JsonNode override : overrides.path("containerOverrides")) {
            for (JsonNode container : copy.path(CONTAINER_DEFINITIONS)) {
                if (container.path(NAME).asText().equals(override.path(NAME).asText())) {
                    override((ObjectNode) container, override);
                }
            }
        }
        return copy;
    }

    private static void override(ObjectNode container, JsonNode override) {
        if (override.has("command")) {
            container.set("command", override.get("command"));
        }
        Map<String, JsonNode> environment = new LinkedHashMap<>();
        container.path("environment").forEach(v -> environment.put(v.path(NAME).asText(), v));
        override.path("environment").forEach(v -> environment.put(v.path(NAME).asText(), v));
        container.putArray("environment").addAll(environment.values());
    }

    /** Whether a container of the task definition has a health check. */
    public boolean hasHealthChecks() {
        return containerDefinitions().stream().anyMatch(c -> c.has("healthCheck"));
    }

    /** Whether the task definition is compatible with a launch type (EC2, FARGATE). */
    public boolean supports(String launchType) {
        for (JsonNode compatibility : json().path("compatibilities")) {
            if (compatibility.asText().equals(launchType)) {
                return true;
            }
        }
        return false;
    }

    /** Writes the task definition with its store keys: its ARN and its family's ARN. */
    public void save(Transaction tx) {
        tx.put(Table.TASK_DEFINITIONS, arn(), familyArn(), null, json());
    }
}
