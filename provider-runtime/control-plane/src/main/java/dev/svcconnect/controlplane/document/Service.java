package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ECS service as stored (row of {@link Table#SERVICES}: id its ARN, scope its cluster, ref the
 * ARN of its PRIMARY deployment's Service Connect namespace). Its deployments come newest first;
 * the first is the PRIMARY one.
 */
public final class Service extends Document {

    /** ECS keeps at most this many events of a service. */
    public static final int MAX_EVENTS = 100;

    /** The field of a service's or deployment's capacity provider strategy. */
    public static final String STRATEGY = "capacityProviderStrategy";

    private static final String SERVICE_ARN = "serviceArn";
    private static final String SERVICE_NAME = "serviceName";
    private static final String CLUSTER_ARN = "clusterArn";
    private static final String STATUS = "status";
    private static final String DESIRED_COUNT = "desiredCount";
    private static final String RUNNING_COUNT = "runningCount";
    private static final String PENDING_COUNT = "pendingCount";
    private static final String TASK_DEFINITION = "taskDefinition";
    private static final String DEPLOYMENTS = "deployments";
    private static final String DEPLOYMENT_CONFIGURATION = "deploymentConfiguration";
    private static final String CIRCUIT_BREAKER = "deploymentCircuitBreaker";
    private static final String EVENTS = "events";
    private static final String MESSAGE = "message";

    private Service(ObjectNode json) {
        super(json);
    }

    /** A view over a stored service. */
    public static Service of(ObjectNode json) {
        return new Service(json);
    }

    /** The service with this ARN, in any status. */
    public static Optional<Service> find(Transaction tx, String serviceArn) {
        return tx.get(Table.SERVICES, serviceArn).map(Service::new);
    }

    /** The services of the cluster with this ARN, in any status, by ARN. */
    public static List<Service> inCluster(Transaction tx, String clusterArn) {
        return tx.list(Table.SERVICES, clusterArn).stream().map(Service::new).toList();
    }

    /** The services of every cluster that are ACTIVE or DRAINING, by ARN. */
    public static List<Service> live(Transaction tx) {
        return tx.listAll(Table.SERVICES).stream()
                .map(Service::new)
                .filter(Service::isLive)
                .toList();
    }

    /** The live services whose PRIMARY deployment uses the namespace with this ARN, by ARN. */
    public static List<Service> inNamespace(Transaction tx, String namespaceArn) {
        return tx.listByRef(Table.SERVICES, namespaceArn).stream()
                .map(Service::new)
                .filter(Service::isLive)
                .toList();
    }

    public String arn() {
        return text(SERVICE_ARN);
    }

    public String name() {
        return text(SERVICE_NAME);
    }

    public String clusterArn() {
        return text(CLUSTER_ARN);
    }

    /** The name of the service's cluster. */
    public String cluster() {
        return clusterName(clusterArn());
    }

    public ServiceStatus status() {
        return ServiceStatus.valueOf(text(STATUS));
    }

    public Service status(ServiceStatus status) {
        json().put(STATUS, status.name());
        return this;
    }

    /** Whether the service is ACTIVE or DRAINING. */
    public boolean isLive() {
        return status() != ServiceStatus.INACTIVE;
    }

    public boolean isActive() {
        return status() == ServiceStatus.ACTIVE;
    }

    public int desiredCount() {
        return integer(DESIRED_COUNT);
    }

    public Service desiredCount(int count) {
        json().put(DESIRED_COUNT, count);
        return this;
    }

    /** How many of the service's tasks run, all deployments together. */
    public int runningCount() {
        return integer(RUNNING_COUNT);
    }

    /** How many of the service's tasks are on their way in, all deployments together. */
    public int pendingCount() {
        return integer(PENDING_COUNT);
    }

    /** Sets the counts of the service's tasks, all deployments together. */
    public Service counts(int running, int pending) {
        json().put(RUNNING_COUNT, running);
        json().put(PENDING_COUNT, pending);
        return this;
    }

    /** Whether the service runs one task on each ACTIVE host of its launch type (DAEMON). */
    public boolean isDaemon() {
        return "DAEMON".equals(text("schedulingStrategy"));
    }

    /** EC2 or FARGATE: its own, else that of its capacity provider strategy, else EC2. */
    public String launchType() {
        return text(
                "launchType",
                CapacityProvider.launchTypeOf(json().path(STRATEGY)).orElse("EC2"));
    }

    /** The ARN of the task definition of the PRIMARY deployment. */
    public String taskDefinition() {
        return text(TASK_DEFINITION);
    }

    public Service taskDefinition(String taskDefinitionArn) {
        json().put(TASK_DEFINITION, taskDefinitionArn);
        return this;
    }

    /** The deployments, PRIMARY first; views over the service's own objects. */
    public List<Deployment> deployments() {
        List<Deployment> deployments = new ArrayList<>();
        for (JsonNode deployment : json().path(DEPLOYMENTS)) {
            deployments.add(Deployment.of((ObjectNode) deployment));
        }
        return deployments;
    }

    /** Replaces the deployments, PRIMARY first. */
    public Service deployments(List<Deployment> deployments) {
        ArrayNode array = Json.mapper().createArrayNode();
        deployments.forEach(d -> array.add(d.json()));
        json().set(DEPLOYMENTS, array);
        return this;
    }

    /** The PRIMARY deployment, or null before the first one. */
    public Deployment primary() {
        JsonNode first = json().path(DEPLOYMENTS).path(0);
        return first instanceof ObjectNode object ? Deployment.of(object) : null;
    }

    /** The deployment with this id. */
    public Optional<Deployment> deployment(String id) {
        return deployments().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * Makes {@code deployment} the PRIMARY one, in front of the others, which become ACTIVE.
     */
    public Service addPrimary(Deployment deployment) {
        List<Deployment> deployments = new ArrayList<>();
        deployments.add(deployment.status(DeploymentStatus.PRIMARY));
        for (Deployment old : deployments()) {
            deployments.add(old.status(DeploymentStatus.ACTIVE));
        }
        return deployments(deployments);
    }

    /** The ARN of the PRIMARY deployment's Service Connect namespace, or null without one. */
    public String namespaceArn() {
        Deployment primary = primary();
        return primary == null ? null : primary.namespaceArn();
    }

    /** The {@code maximumPercent} of its deployment configuration; 200 when absent. */
    public int maximumPercent() {
        return json().path(DEPLOYMENT_CONFIGURATION).path("maximumPercent").asInt(200);
    }

    /** The {@code minimumHealthyPercent} of its deployment configuration; 100 when absent. */
    public int minimumHealthyPercent() {
        return json().path(DEPLOYMENT_CONFIGURATION)
                .path("minimumHealthyPercent")
                .asInt(100);
    }

    /** Whether the deployment circuit breaker is on. */
    public boolean circuitBreakerEnabled() {
        return json().path(DEPLOYMENT_CONFIGURATION)
                .path(CIRCUIT_BREAKER)
                .path("enable")
                .asBoolean();
    }

    /** Whether the circuit breaker rolls a failed deployment back. */
    public boolean rollbackEnabled() {
        return json().path(DEPLOYMENT_CONFIGURATION)
                .path(CIRCUIT_BREAKER)
                .path("rollback")
                .asBoolean();
    }

    /** The message of the newest event, or "" without events. */
    public String latestEventMessage() {
        return json().path(EVENTS).path(0).path(MESSAGE).asText();
    }

    /**
     * Adds an event, newest first, as DescribeServices shows them ({@value #MAX_EVENTS} kept); the
     * message starts with {@code (service NAME)} as ECS's do.
     */
    public Service addEvent(String id, double now, String message) {
        ArrayNode events = Json.mapper().createArrayNode();
        events.addObject().put("id", id).put("createdAt", now).put(MESSAGE, "(service " + name() + ") " + message);
        for (JsonNode old : json().path(EVENTS)) {
            if (events.size() < MAX_EVENTS) {
                events.add(old);
            }
        }
        json().set(EVENTS, events);
        return this;
    }

    /** Writes the service with its store keys: its ARN, its cluster's ARN and its namespace's ARN. */
    public void save(Transaction tx) {
        tx.put(Table.SERVICES, arn(), clusterArn(), namespaceArn(), json());
    }
}
