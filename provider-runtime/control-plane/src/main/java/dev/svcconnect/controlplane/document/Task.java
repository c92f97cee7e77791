package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ECS task as stored (row of {@link Table#TASKS}: id the task id, scope its cluster, ref the
 * ARN of the service that owns it). A task belongs to a service when its {@code group} is
 * {@code service:NAME}; its {@code startedBy} is then the id of the deployment that started it.
 */
public final class Task extends Document {

    private static final String SERVICE_GROUP = "service:";
    private static final String TASK_ARN = "taskArn";
    private static final String CLUSTER_ARN = "clusterArn";
    private static final String GROUP = "group";
    private static final String STARTED_BY = "startedBy";
    private static final String LAST_STATUS = "lastStatus";
    private static final String DESIRED_STATUS = "desiredStatus";
    private static final String LAUNCH_TYPE = "launchType";
    private static final String CONTAINER_INSTANCE_ARN = "containerInstanceArn";
    private static final String TASK_DEFINITION_ARN = "taskDefinitionArn";
    private static final String VERSION = "version";
    private static final String HEALTH_STATUS = "healthStatus";
    private static final String ATTRIBUTES = "attributes";
    private static final String CONTAINERS = "containers";
    private static final String STOPPING_AT = "stoppingAt";
    private static final String STOPPED_AT = "stoppedAt";
    private static final String STOPPED_REASON = "stoppedReason";
    private static final String STOP_CODE = "stopCode";
    private static final String CPU = "cpu";
    private static final String MEMORY = "memory";

    /** How long a STOPPED task is kept, as ECS keeps them: an hour. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private Task(ObjectNode json) {
        super(json);
    }

    /** A view over a stored task. */
    public static Task of(ObjectNode json) {
        return new Task(json);
    }

    /** A new task, PROVISIONING with desired status RUNNING, not placed on a host yet. */
    public static Task create(String taskArn, String clusterArn, String taskDefinitionArn) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(TASK_ARN, taskArn);
        json.put(CLUSTER_ARN, clusterArn);
        json.put(TASK_DEFINITION_ARN, taskDefinitionArn);
        return new Task(json);
    }

    /** The task with this id or ARN. */
    public static Optional<Task> find(Transaction tx, String idOrArn) {
        return tx.get(Table.TASKS, lastPart(idOrArn)).map(Task::new);
    }

    /** The stored JSON text of the task with this id or ARN, unparsed ({@link Transaction#text}). */
    public static Optional<String> findText(Transaction tx, String idOrArn) {
        return tx.text(Table.TASKS, lastPart(idOrArn));
    }

    /** A view over a task's stored JSON text ({@link #findText}). */
    public static Task parse(String text) {
        try {
            return new Task((ObjectNode) Json.mapper().readTree(text));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored task is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** The tasks of the cluster with this ARN, in any state, by id. */
    public static List<Task> inCluster(Transaction tx, String clusterArn) {
        return tx.list(Table.TASKS, clusterArn).stream().map(Task::new).toList();
    }

    /** The tasks of a service, in any state, by id. */
    public static List<Task> ofService(Transaction tx, String serviceArn) {
        return tx.listByRef(Table.TASKS, serviceArn).stream().map(Task::new).toList();
    }

    public String arn() {
        return text(TASK_ARN);
    }

    /** The task id: the last part of its ARN. */
    public String id() {
        return lastPart(arn());
    }

    public String clusterArn() {
        return text(CLUSTER_ARN);
    }

    /** The name of the task's cluster. */
    public String cluster() {
        return clusterName(clusterArn());
    }

    public String taskDefinitionArn() {
        return text(TASK_DEFINITION_ARN);
    }

    /** The task's group, e.g. {@code service:web}; empty when it has none. */
    public String group() {
        return text(GROUP, "");
    }

    /** Makes the task a task of the service with this name. */
    public Task ownedBy(String serviceName, String deploymentId) {
        json().put(GROUP, SERVICE_GROUP + serviceName);
        json().put(STARTED_BY, deploymentId);
        return this;
    }

    /** The name of the service that owns the task, from its {@code service:NAME} group. */
    public Optional<String> serviceName() {
        String group = group();
        return group.startsWith(SERVICE_GROUP)
                ? Optional.of(group.substring(SERVICE_GROUP.length()))
                : Optional.empty();
    }

    /** The group a task of service {@code serviceName} (a name or ARN) has. */
    public static String groupOf(String serviceName) {
        return SERVICE_GROUP + lastPart(serviceName);
    }

    /** The ARN of the service that owns the task (same account, region and cluster), or null. */
    public String serviceArn() {
        // Without a regular expression: the watch hub asks this of every watched task after each commit.
        return serviceName()
                .map(name -> {
                    String arn = arn();
                    int task = arn.indexOf(":task/");
                    return task < 0 ? arn : arn.substring(0, task) + ":service/" + cluster() + "/" + name;
                })
                .orElse(null);
    }

    /** The service that owns the task, in any status. */
    public Optional<Service> owner(Transaction tx) {
        String serviceArn = serviceArn();
        return serviceArn == null ? Optional.empty() : Service.find(tx, serviceArn);
    }

    /** The deployment of the owning service that started the task. */
    public Optional<Deployment> deployment(Transaction tx) {
        return owner(tx).flatMap(service -> service.deployment(startedBy()));
    }

    /** Who started the task: for a service's task, the id of its deployment. */
    public String startedBy() {
        return text(STARTED_BY, "");
    }

    /** EC2 or FARGATE; EC2 when absent. */
    public String launchType() {
        return text(LAUNCH_TYPE, "EC2");
    }

    /** The availability zone the task runs in. */
    public String availabilityZone() {
        return text("availabilityZone", "");
    }

    public TaskStatus lastStatus() {
        return TaskStatus.parse(text(LAST_STATUS), LAST_STATUS);
    }

    public Task lastStatus(TaskStatus status) {
        json().put(LAST_STATUS, status.name());
        return this;
    }

    public TaskStatus desiredStatus() {
        return TaskStatus.parse(text(DESIRED_STATUS), DESIRED_STATUS);
    }

    public Task desiredStatus(TaskStatus status) {
        json().put(DESIRED_STATUS, status.name());
        return this;
    }

    public boolean isRunning() {
        return lastStatus() == TaskStatus.RUNNING;
    }

    public boolean isStopped() {
        return lastStatus() == TaskStatus.STOPPED;
    }

    /** Whether the task is on its way in (PROVISIONING, PENDING or ACTIVATING). */
    public boolean isPending() {
        TaskStatus status = lastStatus();
        return status != null && status.isPending();
    }

    /** Whether the task is on its way out (DEACTIVATING, STOPPING or DEPROVISIONING). */
    public boolean isLeaving() {
        TaskStatus status = lastStatus();
        return status != null && status.isLeaving();
    }

    /** Whether the task should run: its desired status is RUNNING and it has not stopped. */
    public boolean wantsToRun() {
        return desiredStatus() == TaskStatus.RUNNING && !isStopped();
    }

    /**
     * The ARN of the namespace of a task that RunTask started in a cluster with a default
     * namespace: its proxy reaches the namespace's client aliases. Null for other tasks.
     */
    public String clientNamespaceArn() {
        return attribute(Attributes.CLIENT_NAMESPACE);
    }

    /** The task's {@code overrides}: {@code containerOverrides} with their command and environment. */
    public JsonNode overrides() {
        return json().path("overrides");
    }

    /** The ARN of the host the task is placed on, or null before placement. */
    public String hostArn() {
        return text(CONTAINER_INSTANCE_ARN);
    }

    public boolean isPlaced() {
        return json().has(CONTAINER_INSTANCE_ARN);
    }

    /** Whether the task is placed on the host with this ARN and has not stopped. */
    public boolean occupies(String hostArn) {
        return hostArn.equals(hostArn()) && !isStopped();
    }

    public Task place(String hostArn) {
        json().put(CONTAINER_INSTANCE_ARN, hostArn);
        return this;
    }

    public Task unplace() {
        json().remove(CONTAINER_INSTANCE_ARN);
        return this;
    }

    /** What the task asks for; ECS gives CPU and memory as strings, a missing one counts as 0. */
    public Resources resources() {
        return new Resources(units(CPU), units(MEMORY));
    }

    private int units(String field) {
        String value = text(field, "0").trim();
        return value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
    }

    public int version() {
        return integer(VERSION);
    }

    /** Counts a change that the task's host should see. */
    public Task bumpVersion() {
        json().put(VERSION, version() + 1);
        return this;
    }

    public String healthStatus() {
        return text(HEALTH_STATUS);
    }

    public Task healthStatus(String status) {
        json().put(HEALTH_STATUS, status);
        return this;
    }

    /** When the task stopped (epoch seconds), 0 before. */
    public double stoppedAt() {
        return decimal(STOPPED_AT);
    }

    /**
     * Forgets every task, of a service or one-off, that stopped more than {@link #RETENTION} before
     * {@code now} (epoch seconds), as ECS forgets them; answers how many.
     */
    public static int forgetStopped(Transaction tx, double now) {
        double oldest = now - RETENTION.toSeconds();
        int forgotten = 0;
        for (ObjectNode json : tx.listAll(Table.TASKS)) {
            Task task = new Task(json);
            if (task.isStopped() && task.stoppedAt() < oldest) {
                tx.delete(Table.TASKS, task.id());
                forgotten++;
            }
        }
        return forgotten;
    }

    public boolean hasStopCode() {
        return json().has(STOP_CODE);
    }

    /** Asks the task to stop: desired status STOPPED, with a reason and a stop code. */
    public Task requestStop(double now, String reason, String stopCode) {
        desiredStatus(TaskStatus.STOPPED);
        json().put(STOPPING_AT, now);
        json().put(STOPPED_REASON, reason);
        json().put(STOP_CODE, stopCode);
        return this;
    }

    public Task stoppedReason(String reason) {
        json().put(STOPPED_REASON, reason);
        return this;
    }

    public Task stopCode(String stopCode) {
        json().put(STOP_CODE, stopCode);
        return this;
    }

    /** Marks the task and its containers STOPPED at {@code now}. */
    public Task markStopped(double now) {
        lastStatus(TaskStatus.STOPPED);
        desiredStatus(TaskStatus.STOPPED);
        if (!json().has(STOPPING_AT)) {
            json().put(STOPPING_AT, now);
        }
        json().put("executionStoppedAt", now);
        json().put(STOPPED_AT, now);
        containers().forEach(c -> c.put(LAST_STATUS, TaskStatus.STOPPED.name()));
        return this;
    }

    /** Records that the task runs: when it started and connected, the first time only. */
    public Task markStarted(double now) {
        if (!json().has("startedAt")) {
            json().put("startedAt", now);
        }
        if (!json().has("connectivity")) {
            json().put("connectivity", "CONNECTED");
            json().put("connectivityAt", now);
        }
        return this;
    }

    /**
     * Sets what the task's containers show for a task state: their status, the task's address
     * (when known) and, once STOPPED, the exit code (when known).
     */
    public Task containersReport(TaskStatus status, String address, Integer exitCode) {
        for (ObjectNode container : containers()) {
            container.put(LAST_STATUS, status.containerStatus());
            if (address != null) {
                container.putArray("networkInterfaces").addObject().put("privateIpv4Address", address);
            }
            if (status == TaskStatus.STOPPED && exitCode != null) {
                container.put("exitCode", exitCode);
            }
        }
        return this;
    }

    /** The task's containers, as stored. */
    public List<ObjectNode> containers() {
        List<ObjectNode> containers = new ArrayList<>();
        array(CONTAINERS).forEach(container -> containers.add((ObjectNode) container));
        return containers;
    }

    /** The value of one of the task's attributes ({@link Attributes}), or null. */
    public String attribute(String name) {
        return attribute(json().path(ATTRIBUTES), name);
    }

    /** The svc-connect attributes of the task ({@link Attributes#PREFIX}), by name, in order. */
    public Map<String, String> svcConnectAttributes() {
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode attribute : json().path(ATTRIBUTES)) {
            String name = attributeName(attribute);
            if (name.startsWith(Attributes.PREFIX)) {
                found.put(name, attribute(json().path(ATTRIBUTES), name));
            }
        }
        return found;
    }

    /**
     * Replaces the task's svc-connect attributes with {@code values} (null values left out); the
     * other attributes stay first, in their order.
     */
    public Task svcConnectAttributes(Map<String, String> values) {
        ArrayNode attributes = Json.mapper().createArrayNode();
        for (JsonNode attribute : json().path(ATTRIBUTES)) {
            if (!attributeName(attribute).startsWith(Attributes.PREFIX)) {
                attributes.add(attribute);
            }
        }
        values.forEach((name, value) -> {
            if (value != null) {
                addAttribute(attributes, name, value);
            }
        });
        json().set(ATTRIBUTES, attributes);
        return this;
    }

    /**
     * The port that the task's inbound proxy listens on for a Service Connect service: what the
     * host agent reported for the port name, else {@code ingressPortOverride}, else the port
     * mapping's {@code containerPort} (0 without one).
     */
    public int inboundPort(TaskDefinition taskDefinition, ServiceConnectEntry entry) {
        return inboundPort(attribute(Attributes.INGRESS_PORT + entry.portName()), taskDefinition, entry);
    }

    /** {@link #inboundPort(TaskDefinition, ServiceConnectEntry)} of a task whose host reported {@code reported} (or null). */
    public static int inboundPort(String reported, TaskDefinition taskDefinition, ServiceConnectEntry entry) {
        if (reported != null) {
            return Integer.parseInt(reported);
        }
        return entry.ingressPortOverride()
                .orElseGet(() -> taskDefinition
                        .portMapping(entry.portName())
                        .map(PortMapping::containerPort)
                        .orElse(0));
    }

    /** Writes the task with its store keys: its id, its cluster and the ARN of its service. */
    public void save(Transaction tx) {
        tx.put(Table.TASKS, id(), clusterArn(), serviceArn(), json());
    }
}
