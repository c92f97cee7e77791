package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A host that a host agent registered, as an ECS container instance (row of {@link
 * Table#CONTAINER_INSTANCES}: id the container instance id, scope its cluster). It runs the tasks
 * of one launch type ({@link Attributes#HOST_LAUNCH_TYPE}) within the CPU and memory it registered.
 */
public final class Host extends Document {

    private static final String CONTAINER_INSTANCE_ARN = "containerInstanceArn";
    private static final String CLUSTER_ARN = "clusterArn";
    private static final String STATUS = "status";
    private static final String ACTIVE = "ACTIVE";
    private static final String INACTIVE = "INACTIVE";
    private static final String AGENT_CONNECTED = "agentConnected";
    private static final String REGISTERED_AT = "registeredAt";
    private static final String VERSION = "version";
    private static final String REGISTERED_RESOURCES = "registeredResources";
    private static final String REMAINING_RESOURCES = "remainingResources";
    private static final String ATTRIBUTES = "attributes";
    private static final String NAME = "name";
    private static final String INTEGER_VALUE = "integerValue";
    private static final String CPU = "CPU";
    private static final String MEMORY = "MEMORY";

    private static final String TAGS = "tags";

    private Host(ObjectNode json) {
        super(json);
    }

    /** A view over a stored host. */
    public static Host of(ObjectNode json) {
        return new Host(json);
    }

    /**
     * A newly registered (or re-registered) ACTIVE host, its agent connected.
     *
     * @param previous the same host's earlier registration, if any: its registration time,
     *     version and tags carry over
     */
    public static Host register(
            String arn,
            String clusterArn,
            String launchType,
            Resources registered,
            String address,
            double now,
            Optional<Host> previous) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(CONTAINER_INSTANCE_ARN, arn);
        json.put(CLUSTER_ARN, clusterArn);
        json.put("ec2InstanceId", "i-" + lastPart(arn).substring(0, 17));
        json.put(STATUS, ACTIVE);
        json.put(AGENT_CONNECTED, true);
        json.put(REGISTERED_AT, previous.map(p -> p.decimal(REGISTERED_AT)).orElse(now));
        json.put(VERSION, previous.map(p -> p.integer(VERSION) + 1).orElse(1));
        JsonNode tags = previous.map(p -> p.json().get(TAGS)).orElse(null);
        json.set(
                TAGS,
                tags != null && tags.isArray() ? tags.deepCopy() : Json.mapper().createArrayNode());
        json.putObject("versionInfo").put("agentVersion", "svc-connect");
        putResources(json.putArray(REGISTERED_RESOURCES), registered);
        ArrayNode attributes = json.putArray(ATTRIBUTES);
        addAttribute(attributes, Attributes.HOST_LAUNCH_TYPE, launchType);
        if (address != null) {
            addAttribute(attributes, Attributes.HOST_ADDRESS, address);
        }
        if (launchType.equals("FARGATE")) {
            addAttribute(attributes, Attributes.FARGATE_CAPABILITY, null);
        }
        return new Host(json);
    }

    /** The host with this container instance id or ARN. */
    public static Optional<Host> find(Transaction tx, String idOrArn) {
        return tx.get(Table.CONTAINER_INSTANCES, lastPart(idOrArn)).map(Host::new);
    }

    /** The hosts of the cluster with this ARN, in any status, by id. */
    public static List<Host> inCluster(Transaction tx, String clusterArn) {
        return tx.list(Table.CONTAINER_INSTANCES, clusterArn).stream()
                .map(Host::new)
                .toList();
    }

    /** The hosts of every cluster, in any status, by id. */
    public static List<Host> all(Transaction tx) {
        return tx.listAll(Table.CONTAINER_INSTANCES).stream().map(Host::new).toList();
    }

    public String arn() {
        return text(CONTAINER_INSTANCE_ARN);
    }

    /** The container instance id: the last part of its ARN. */
    public String id() {
        return lastPart(arn());
    }

    public String clusterArn() {
        return text(CLUSTER_ARN);
    }

    /** The name of the host's cluster. */
    public String cluster() {
        return clusterName(clusterArn());
    }

    public boolean isActive() {
        return ACTIVE.equals(text(STATUS));
    }

    /** ACTIVE or INACTIVE. */
    public String status() {
        return text(STATUS);
    }

    /** Makes the host INACTIVE: it takes no more tasks until its agent registers again. */
    public Host deactivate() {
        json().put(STATUS, INACTIVE);
        json().put(AGENT_CONNECTED, false);
        return this;
    }

    /** The value of one of the host's attributes ({@link Attributes}), or null. */
    public String attribute(String name) {
        return attribute(json().path(ATTRIBUTES), name);
    }

    /** The launch type of the tasks the host runs, or null. */
    public String launchType() {
        return attribute(Attributes.HOST_LAUNCH_TYPE);
    }

    /** The host's address, or null when it did not say. */
    public String address() {
        return attribute(Attributes.HOST_ADDRESS);
    }

    /** The CPU units and MiB of memory the host registered; unbounded where it registered none. */
    public Resources registered() {
        return new Resources(registered(CPU), registered(MEMORY));
    }

    private int registered(String resource) {
        for (JsonNode entry : json().path(REGISTERED_RESOURCES)) {
            if (resource.equals(entry.path(NAME).asText())) {
                return entry.path(INTEGER_VALUE).asInt();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** What the tasks placed on this host that have not stopped use, out of {@code tasks}. */
    public Resources used(Collection<Task> tasks) {
        return HostLoad.byHost(tasks).getOrDefault(arn(), HostLoad.EMPTY).used();
    }

    /**
     * Sets what DescribeContainerInstances adds to a host: its task counts, whether its agent is
     * connected and its remaining resources.
     */
    public Host describe(int running, int pending, boolean agentConnected, Resources remaining) {
        json().put("runningTasksCount", running);
        json().put("pendingTasksCount", pending);
        json().put(AGENT_CONNECTED, agentConnected);
        putResources(json().putArray(REMAINING_RESOURCES), remaining);
        return this;
    }

    private static void putResources(ArrayNode out, Resources resources) {
        out.addObject().put(NAME, CPU).put("type", "INTEGER").put(INTEGER_VALUE, resources.cpu());
        out.addObject().put(NAME, MEMORY).put("type", "INTEGER").put(INTEGER_VALUE, resources.memory());
    }

    /** Writes the host with its store keys: its id and its cluster. */
    public void save(Transaction tx) {
        tx.put(Table.CONTAINER_INSTANCES, id(), clusterArn(), null, json());
    }
}
