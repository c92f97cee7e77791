package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One deployment of a service, as an element of the service's {@code deployments}: the task
 * definition and Service Connect configuration its tasks run with, and their counts. A change
 * through this view changes the service that holds it.
 */
public final class Deployment extends Document {

    private static final String ID = "id";
    private static final String STATUS = "status";
    private static final String TASK_DEFINITION = "taskDefinition";
    private static final String DESIRED_COUNT = "desiredCount";
    private static final String PENDING_COUNT = "pendingCount";
    private static final String RUNNING_COUNT = "runningCount";
    private static final String FAILED_TASKS = "failedTasks";
    private static final String UPDATED_AT = "updatedAt";
    private static final String LAUNCH_TYPE = "launchType";
    private static final String ROLLOUT_STATE = "rolloutState";
    private static final String ROLLOUT_STATE_REASON = "rolloutStateReason";
    private static final String SERVICE_CONNECT_CONFIGURATION = "serviceConnectConfiguration";
    private static final String SERVICE_CONNECT_RESOURCES = "serviceConnectResources";
    private static final String NAMESPACE = "namespace";
    private static final String DISCOVERY_ARN = "discoveryArn";

    private Deployment(ObjectNode json) {
        super(json);
    }

    /** A view over a deployment of a stored service. */
    public static Deployment of(ObjectNode json) {
        return new Deployment(json);
    }

    /**
     * A new PRIMARY deployment, IN_PROGRESS, with no tasks yet.
     *
     * @param service the service it deploys: its desired count, launch type, platform version and
     *     network configuration carry over
     */
    public static Deployment create(String id, Service service, String taskDefinitionArn, double now) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put(ID, id);
        json.put(STATUS, DeploymentStatus.PRIMARY.name());
        json.put(TASK_DEFINITION, taskDefinitionArn);
        json.put(DESIRED_COUNT, service.desiredCount());
        json.put(PENDING_COUNT, 0);
        json.put(RUNNING_COUNT, 0);
        json.put(FAILED_TASKS, 0);
        json.put("createdAt", now);
        json.put(UPDATED_AT, now);
        json.put(LAUNCH_TYPE, service.launchType());
        for (String carried : List.of("platformVersion", "platformFamily", "networkConfiguration", Service.STRATEGY)) {
            if (service.json().has(carried)) {
                json.set(carried, service.json().get(carried));
            }
        }
        Deployment deployment = new Deployment(json);
        deployment.rollout(RolloutState.IN_PROGRESS, "ECS deployment " + id + " in progress.");
        return deployment;
    }

    /** The capacity provider strategy its tasks are spread by; empty when it has a launch type. */
    public JsonNode capacityProviderStrategy() {
        return json().path(Service.STRATEGY);
    }

    public String id() {
        return text(ID);
    }

    public DeploymentStatus status() {
        return DeploymentStatus.valueOf(text(STATUS));
    }

    public Deployment status(DeploymentStatus status) {
        json().put(STATUS, status.name());
        return this;
    }

    /** The ARN of the task definition the deployment's tasks run. */
    public String taskDefinition() {
        return text(TASK_DEFINITION);
    }

    /** EC2 or FARGATE; EC2 when absent. */
    public String launchType() {
        return text(LAUNCH_TYPE, "EC2");
    }

    public int desiredCount() {
        return integer(DESIRED_COUNT);
    }

    public int runningCount() {
        return integer(RUNNING_COUNT);
    }

    public int pendingCount() {
        return integer(PENDING_COUNT);
    }

    /** Sets the deployment's task counts. */
    public Deployment counts(int desired, int running, int pending) {
        json().put(DESIRED_COUNT, desired);
        json().put(RUNNING_COUNT, running);
        json().put(PENDING_COUNT, pending);
        return this;
    }

    /** Sets the desired count after a change of the service's, at {@code now}. */
    public Deployment desiredCount(int desired, double now) {
        json().put(DESIRED_COUNT, desired);
        json().put(UPDATED_AT, now);
        return this;
    }

    /** How many of the deployment's tasks stopped without being asked to. */
    public int failedTasks() {
        return integer(FAILED_TASKS);
    }

    public Deployment failedTasks(int count) {
        json().put(FAILED_TASKS, count);
        return this;
    }

    public Deployment updatedAt(double now) {
        json().put(UPDATED_AT, now);
        return this;
    }

    public RolloutState rolloutState() {
        String state = text(ROLLOUT_STATE);
        return state == null ? null : RolloutState.valueOf(state);
    }

    /** Sets the rollout state and the reason ECS shows for it. */
    public Deployment rollout(RolloutState state, String reason) {
        json().put(ROLLOUT_STATE, state.name());
        json().put(ROLLOUT_STATE_REASON, reason);
        return this;
    }

    /** The deployment's {@code serviceConnectConfiguration}, or null without Service Connect. */
    public ObjectNode serviceConnectConfiguration() {
        JsonNode config = json().get(SERVICE_CONNECT_CONFIGURATION);
        return config instanceof ObjectNode object ? object : null;
    }

    /** The Cloud Map services of its Service Connect services, in order ({@code serviceConnectResources}). */
    public ArrayNode serviceConnectResources() {
        JsonNode resources = json().get(SERVICE_CONNECT_RESOURCES);
        return resources instanceof ArrayNode array ? array : Json.mapper().createArrayNode();
    }

    /** Sets the Service Connect configuration and the Cloud Map services it uses. */
    public Deployment serviceConnect(ObjectNode configuration, ArrayNode resources) {
        json().set(SERVICE_CONNECT_CONFIGURATION, configuration);
        json().set(SERVICE_CONNECT_RESOURCES, resources);
        return this;
    }

    /** The ARN of the Service Connect namespace, or null without Service Connect. */
    public String namespaceArn() {
        return json().path(SERVICE_CONNECT_CONFIGURATION).path(NAMESPACE).asText(null);
    }

    /** The Service Connect services of the deployment, in order; empty without Service Connect. */
    public List<ServiceConnectEntry> serviceConnectServices() {
        return entriesOf(json().path(SERVICE_CONNECT_CONFIGURATION));
    }

    /** The Service Connect services of a {@code serviceConnectConfiguration}, in order. */
    public static List<ServiceConnectEntry> entriesOf(JsonNode serviceConnectConfiguration) {
        List<ServiceConnectEntry> entries = new ArrayList<>();
        for (JsonNode entry : serviceConnectConfiguration.path("services")) {
            entries.add(ServiceConnectEntry.of(entry));
        }
        return entries;
    }

    /** The ARNs of the Cloud Map services its Service Connect services register in, in order. */
    public List<String> discoveryArns() {
        List<String> arns = new ArrayList<>();
        for (JsonNode resource : serviceConnectResources()) {
            arns.add(resource.path(DISCOVERY_ARN).asText());
        }
        return arns;
    }
}
