package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.ServiceStatus;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.scheduling.ServiceReconciler;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CreateService, UpdateService, DeleteService, DescribeServices, ListServices and
 * ListServicesByNamespace.
 */
final class ServiceOperations {

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final String SERVICE_CONNECT = "serviceConnectConfiguration";
    private static final String NETWORK_CONFIGURATION = "networkConfiguration";
    private static final String DEPLOYMENT_CONFIGURATION = "deploymentConfiguration";

    private final Store store;
    private final EcsRegistry registry;
    private final ServiceReconciler reconciler;
    private final ServiceConnectValidator validator;
    private final ServiceConnectProvisioner provisioner;

    ServiceOperations(Store store, EcsRegistry registry, Scheduler scheduler) {
        this.store = store;
        this.registry = registry;
        this.reconciler = scheduler.scheduling().reconciler();
        this.validator = new ServiceConnectValidator(registry);
        this.provisioner = new ServiceConnectProvisioner(registry.cloudMap());
    }

    ObjectNode create(Params request) {
        String name = request.requiredString("serviceName");
        if (!SERVICE_NAME.matcher(name).matches()) {
            throw request.invalid("serviceName", "'" + name + "' (expected: 1-255 of a-z, A-Z, 0-9, '-' and '_')");
        }
        String taskDefinitionRef = request.requiredString("taskDefinition");
        int desiredCount = request.integer("desiredCount", 0);
        if (desiredCount < 0) {
            throw request.invalid("desiredCount", desiredCount + " (expected: 0 or more)");
        }
        String schedulingStrategy =
                request.string("schedulingStrategy") == null ? "REPLICA" : request.string("schedulingStrategy");
        if (!schedulingStrategy.equals("REPLICA") && !schedulingStrategy.equals("DAEMON")) {
            throw request.invalid(
                    "schedulingStrategy", "'" + schedulingStrategy + "' (expected one of: REPLICA, DAEMON)");
        }
        boolean daemon = schedulingStrategy.equals("DAEMON");
        ObjectNode deploymentConfiguration = deploymentConfiguration(request.object(DEPLOYMENT_CONFIGURATION), daemon);
        return answer(store.write(tx -> {
            Cluster cluster = Cluster.of(registry.requireCluster(tx, request.region(), request.string("cluster")));
            String serviceArn = EcsRegistry.serviceArn(cluster.arn(), name);
            if (Service.find(tx, serviceArn).filter(Service::isLive).isPresent()) {
                throw new ApiException("InvalidParameterException", "Creation of service was not idempotent.");
            }
            CapacityProviderStrategies.Target target = CapacityProviderStrategies.target(request, cluster);
            TaskDefinition taskDefinition = requireActive(tx, request.region(), taskDefinitionRef);
            checkLaunchType(target.launchType(), taskDefinition);
            if (daemon && target.launchType().equals("FARGATE")) {
                throw new ApiException(
                        "InvalidParameterException",
                        "schedulingStrategy: DAEMON is not supported with launch type FARGATE (expected: EC2, one task"
                                + " per container instance).");
            }
            ResolvedServiceConnect sc =
                    provision(tx, request.object(SERVICE_CONNECT), cluster, serviceArn, name, taskDefinition);
            Service service = Service.of(NewService.json(
                    request,
                    registry.names(request.region()),
                    serviceArn,
                    cluster.arn(),
                    target,
                    taskDefinition.arn(),
                    deploymentConfiguration));
            deploy(service, taskDefinition.arn(), sc);
            reconciler.reconcile(tx, service);
            return service;
        }));
    }

    ObjectNode update(Params request) {
        String reference = request.requiredString("service");
        Integer desiredCount = request.integer("desiredCount");
        if (desiredCount != null && desiredCount < 0) {
            throw request.invalid("desiredCount", desiredCount + " (expected: 0 or more)");
        }
        return answer(store.write(tx -> {
            Cluster cluster = Cluster.of(registry.requireCluster(tx, request.region(), request.string("cluster")));
            Service service = registry.service(tx, cluster.arn(), reference)
                    .map(Service::of)
                    .orElseThrow(() ->
                            new ApiException("ServiceNotFoundException", "Service not found: " + reference + "."));
            if (!service.isActive()) {
                throw new ApiException("ServiceNotActiveException", "Service was not ACTIVE.");
            }
            if (desiredCount != null) {
                service.desiredCount(desiredCount);
            }
            if (request.has(DEPLOYMENT_CONFIGURATION)) {
                service.json()
                        .set(
                                DEPLOYMENT_CONFIGURATION,
                                deploymentConfiguration(request.object(DEPLOYMENT_CONFIGURATION), service.isDaemon()));
            }
            if (request.has(NETWORK_CONFIGURATION)) {
                service.json().set(NETWORK_CONFIGURATION, request.node().get(NETWORK_CONFIGURATION));
            }
            boolean newStrategy = updateStrategy(request, cluster, service);
            Deployment primary = service.primary();
            TaskDefinition taskDefinition = request.has("taskDefinition")
                    ? requireActive(tx, request.region(), request.requiredString("taskDefinition"))
                    : TaskDefinition.find(tx, service.taskDefinition()).orElseThrow();
            checkLaunchType(service.launchType(), taskDefinition);
            ResolvedServiceConnect sc = currentServiceConnect(primary);
            if (request.has(SERVICE_CONNECT)) {
                sc = provision(
                        tx, request.object(SERVICE_CONNECT), cluster, service.arn(), service.name(), taskDefinition);
                checkImmutableProtocols(tx, primary, taskDefinition, sc);
            }
            boolean changed = !taskDefinition.arn().equals(primary.taskDefinition())
                    || !Objects.equals(sc == null ? null : sc.configuration(), primary.serviceConnectConfiguration())
                    || request.bool("forceNewDeployment", false)
                    || request.has(NETWORK_CONFIGURATION)
                    || newStrategy;
            service.taskDefinition(taskDefinition.arn());
            if (changed) {
                deploy(service, taskDefinition.arn(), sc);
            } else {
                primary.desiredCount(service.desiredCount(), registry.names().now());
            }
            reconciler.reconcile(tx, service);
            return service;
        }));
    }

    /**
     * UpdateService's {@code capacityProviderStrategy}: replaces the service's launch type or
     * strategy (an empty one means the cluster's default strategy); whether it changed.
     */
    private static boolean updateStrategy(Params request, Cluster cluster, Service service) {
        if (!request.has(CapacityProviderStrategies.FIELD)) {
            return false;
        }
        JsonNode strategy = CapacityProviderStrategies.read(request, CapacityProviderStrategies.FIELD);
        if (strategy.isEmpty()) {
            strategy = cluster.json().path("defaultCapacityProviderStrategy");
        }
        if (strategy.isEmpty()) {
            throw request.invalid(
                    CapacityProviderStrategies.FIELD,
                    "is empty, and the cluster has no default capacity provider" + " strategy");
        }
        CapacityProviderStrategies.requireAssociated(cluster, strategy);
        boolean changed = !strategy.equals(service.json().path(CapacityProviderStrategies.FIELD));
        service.json().remove("launchType");
        service.json().set(CapacityProviderStrategies.FIELD, strategy.deepCopy());
        return changed;
    }

    ObjectNode delete(Params request) {
        String reference = request.requiredString("service");
        boolean force = request.bool("force", false);
        return answer(store.write(tx -> {
            Cluster cluster = Cluster.of(registry.requireCluster(tx, request.region(), request.string("cluster")));
            Service service = Service.of(registry.requireService(tx, cluster.arn(), reference));
            if (!service.isActive()) {
                return service;
            }
            if (service.desiredCount() > 0 && !force) {
                throw new ApiException(
                        "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
            }
            service.desiredCount(0).status(ServiceStatus.DRAINING);
            reconciler.reconcile(tx, service);
            return service;
        }));
    }

    ObjectNode describe(Params request) {
        List<String> references = request.strings("services", 1, 10);
        List<String> included = Includes.TAGS.read(request);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode services = response.putArray("services");
        ArrayNode failures = response.putArray("failures");
        store.read(tx -> {
            String clusterArn = clusterArn(tx, request);
            for (String reference : references) {
                ObjectNode service = registry.service(tx, clusterArn, reference).orElse(null);
                if (service == null) {
                    String arn =
                            reference.startsWith("arn:") ? reference : EcsRegistry.serviceArn(clusterArn, reference);
                    Failures.missing(failures, arn);
                } else {
                    services.add(Includes.TAGS.described(service, included));
                }
            }
            return null;
        });
        return response;
    }

    ObjectNode list(Params request) {
        String launchType = request.string("launchType");
        List<String> arns = store.read(tx -> Service.inCluster(tx, clusterArn(tx, request)).stream()
                .filter(Service::isLive)
                .filter(s -> launchType == null || launchType.equals(s.launchType()))
                .map(Service::arn)
                .toList());
        return Pages.ecsArns(request, arns, "serviceArns", 10);
    }

    ObjectNode listByNamespace(Params request) {
        String namespace = request.requiredString("namespace");
        List<String> arns = store.read(tx -> {
            ObjectNode found = registry.cloudMap()
                    .namespaceByNameOrId(tx, request.region(), namespace)
                    .orElseThrow(() -> new ApiException(
                            "NamespaceNotFoundException", "namespace: '" + namespace + "' not found."));
            return Service.inNamespace(tx, found.get("Arn").asText()).stream()
                    .map(Service::arn)
                    .toList();
        });
        return Pages.ecsArns(request, arns, "serviceArns", 10);
    }

    private String clusterArn(Transaction tx, Params request) {
        return Cluster.of(registry.requireCluster(tx, request.region(), request.string("cluster")))
                .arn();
    }

    /** Validates a requested Service Connect configuration, then provisions what it needs. */
    private ResolvedServiceConnect provision(
            Transaction tx,
            Params config,
            Cluster cluster,
            String serviceArn,
            String serviceName,
            TaskDefinition taskDefinition) {
        ServiceConnectValidator.Checked checked =
                validator.check(tx, config, cluster, serviceArn, serviceName, taskDefinition);
        return checked == null ? null : provisioner.provision(tx, checked);
    }

    /** Makes a new PRIMARY deployment of the service; the previous PRIMARY becomes ACTIVE. */
    private void deploy(Service service, String taskDefinitionArn, ResolvedServiceConnect sc) {
        Deployment deployment = Deployment.create(
                "ecs-svc/" + ResourceNames.decimalId(19),
                service,
                taskDefinitionArn,
                registry.names().now());
        if (sc != null) {
            deployment.serviceConnect(sc.configuration(), sc.resources());
        }
        service.addPrimary(deployment);
    }

    private TaskDefinition requireActive(Transaction tx, String region, String reference) {
        TaskDefinition taskDefinition =
                TaskDefinition.of(registry.requireTaskDefinition(tx, region, reference, "taskDefinition"));
        if (!taskDefinition.isActive()) {
            throw new ApiException("ClientException", "taskDefinition: '" + reference + "' is INACTIVE.");
        }
        return taskDefinition;
    }

    private static void checkLaunchType(String launchType, TaskDefinition taskDefinition) {
        if (!taskDefinition.supports(launchType)) {
            throw new ApiException(
                    "InvalidParameterException", "Task definition does not support launch_type " + launchType + ".");
        }
    }

    /** ECS: a Service Connect service's port mapping {@code appProtocol} cannot change. */
    private static void checkImmutableProtocols(
            Transaction tx, Deployment primary, TaskDefinition taskDefinition, ResolvedServiceConnect sc) {
        TaskDefinition previous = sc == null
                ? null
                : TaskDefinition.find(tx, primary.taskDefinition()).orElse(null);
        if (previous == null) {
            return;
        }
        for (ServiceConnectEntry entry : primary.serviceConnectServices()) {
            String portName = entry.portName();
            String before = appProtocol(previous, portName);
            String after = appProtocol(taskDefinition, portName);
            if (before != null && after != null && !before.equals(after)) {
                throw new ApiException(
                        "InvalidParameterException",
                        "serviceConnectConfiguration: the appProtocol of port"
                                + " mapping '" + portName + "' cannot change from " + before + " to " + after
                                + " in a Service Connect service; create a new service.");
            }
        }
    }

    /** The {@code appProtocol} of a port mapping, "tcp" when it has none; null without the mapping. */
    private static String appProtocol(TaskDefinition taskDefinition, String portName) {
        return taskDefinition
                .portMapping(portName)
                .map(m -> m.appProtocol() == null ? "tcp" : m.appProtocol())
                .orElse(null);
    }

    private static ResolvedServiceConnect currentServiceConnect(Deployment primary) {
        ObjectNode config = primary.serviceConnectConfiguration();
        return config == null ? null : new ResolvedServiceConnect(config, primary.serviceConnectResources());
    }

    /** A deployment configuration with ECS's defaults: 200/100, and 100/0 for a DAEMON service (host by host). */
    private static ObjectNode deploymentConfiguration(Params request, boolean daemon) {
        ObjectNode out = Json.mapper().createObjectNode();
        ObjectNode breaker = out.putObject("deploymentCircuitBreaker");
        Params requestedBreaker = request == null ? null : request.object("deploymentCircuitBreaker");
        breaker.put("enable", requestedBreaker != null && requestedBreaker.bool("enable", false));
        breaker.put("rollback", requestedBreaker != null && requestedBreaker.bool("rollback", false));
        int defaultMaximum = daemon ? 100 : 200;
        int defaultMinimum = daemon ? 0 : 100;
        int maximum = request == null ? defaultMaximum : request.integer("maximumPercent", defaultMaximum);
        int minimum = request == null ? defaultMinimum : request.integer("minimumHealthyPercent", defaultMinimum);
        if (maximum < 100) {
            throw request.invalid("maximumPercent", maximum + " (expected: at least 100)");
        }
        if (minimum < 0 || minimum > 100) {
            throw request.invalid("minimumHealthyPercent", minimum + " (expected: 0-100)");
        }
        out.put("maximumPercent", maximum);
        out.put("minimumHealthyPercent", minimum);
        return out;
    }

    private static ObjectNode answer(Service service) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("service", service.json());
        return response;
    }
}
