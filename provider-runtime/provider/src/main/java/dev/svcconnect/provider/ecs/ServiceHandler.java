package dev.svcconnect.provider.ecs;

import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.internal.PhysicalNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code Custom::SvcConnectService}, mirroring {@code AWS::ECS::Service}: CreateService,
 * UpdateService (a new name, cluster or launch type is a replacement: a new service and a new
 * physical id, the old one deleted by the Delete that follows) and DeleteService, then isComplete
 * waits for the deployment's steady state ({@link ServiceSteadyState}) or for the deletion.
 *
 * <p>The physical id is the service's ARN; the data are {@code ServiceArn}, {@code Name} and
 * {@code DeploymentId}. A retried Create finds the service it created (same name, cluster and
 * task definition) and converges it instead of failing; a service of the same name with another
 * task definition is reported as a conflict.
 */
public final class ServiceHandler extends EcsResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectService";

    /** A handler calling {@code ecs}. */
    public ServiceHandler(EcsClient ecs) {
        super(TYPE, ecs);
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        return switch (event.requestType()) {
            case CREATE -> create(event);
            case UPDATE -> ServiceRequests.replacementReason(event) != null ? create(event) : update(event);
            case DELETE -> delete(event);
        };
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        String cluster = event.requestType() == RequestType.DELETE
                ? clusterOf(event)
                : event.properties().requiredString("Cluster");
        Optional<Service> service = describe(cluster, event.physicalResourceId());
        if (event.requestType() == RequestType.DELETE) {
            return service.isEmpty() ? IsCompleteResult.done() : IsCompleteResult.notYet();
        }
        if (service.isEmpty()) {
            throw new ProviderException(event.resourceName() + ": service " + event.physicalResourceId()
                    + " disappeared before reaching a steady state");
        }
        String deploymentId = event.data().get("DeploymentId") == null
                ? null
                : String.valueOf(event.data().get("DeploymentId"));
        ServiceSteadyState.Outcome outcome = ServiceSteadyState.evaluate(service.get(), deploymentId);
        if (outcome.status() != ServiceSteadyState.Status.COMPLETE && deploymentId != null) {
            // Also when the control plane's failedTasks count already fails it: the stopped tasks
            // give the reason a person can act on (exit code, stoppedReason).
            outcome = ServiceSteadyState.evaluate(service.get(), deploymentId, stoppedTasks(cluster, deploymentId));
        }
        return switch (outcome.status()) {
            case COMPLETE -> IsCompleteResult.done(data(service.get()));
            case IN_PROGRESS -> IsCompleteResult.notYet();
            case FAILED -> throw new ProviderException(event.resourceName() + ": " + outcome.reason());
        };
    }

    private OnEventResult create(ProviderEvent event) {
        CreateServiceRequest request = ServiceRequests.create(event.properties(), ServiceRequests.serviceName(event));
        Optional<Service> existing = describe(request.cluster(), request.serviceName());
        if (existing.isPresent()) {
            String existingTask = PhysicalNames.lastSegment(existing.get().taskDefinition());
            if (!existingTask.equals(PhysicalNames.lastSegment(request.taskDefinition()))) {
                throw new ProviderException(event.resourceName() + ": a service named '" + request.serviceName()
                        + "' already exists in cluster '" + request.cluster() + "' with task definition "
                        + existingTask + "; choose another ServiceName or delete that service");
            }
            return result(ecs.updateService(ServiceRequests.update(event.properties(), request.serviceName()))
                    .service());
        }
        return result(ecs.createService(request).service());
    }

    private OnEventResult update(ProviderEvent event) {
        String name = ServiceRequests.serviceName(event);
        return result(ecs.updateService(ServiceRequests.update(event.properties(), name))
                .service());
    }

    private OnEventResult delete(ProviderEvent event) {
        try {
            ecs.deleteService(b -> b.cluster(clusterOf(event))
                    .service(event.physicalResourceId())
                    .force(true));
        } catch (ServiceNotFoundException | ServiceNotActiveException | ClusterNotFoundException e) {
            // already gone: a Delete succeeds
        }
        return new OnEventResult(event.physicalResourceId(), Map.of());
    }

    /** The tasks of {@code deploymentId} that stopped (the first 100). */
    private List<Task> stoppedTasks(String cluster, String deploymentId) {
        List<String> arns = ecs.listTasks(
                        b -> b.cluster(cluster).startedBy(deploymentId).desiredStatus(DesiredStatus.STOPPED))
                .taskArns();
        return arns.isEmpty()
                ? List.of()
                : ecs.describeTasks(b -> b.cluster(cluster).tasks(arns)).tasks();
    }

    /** Active or draining; empty when missing or inactive. */
    private Optional<Service> describe(String cluster, String service) {
        try {
            return ecs.describeServices(b -> b.cluster(cluster).services(service)).services().stream()
                    .filter(s -> !"INACTIVE".equals(s.status()))
                    .findFirst();
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The cluster of the service being deleted: from its properties, or from its ARN. */
    private static String clusterOf(ProviderEvent event) {
        String cluster = event.properties().string("Cluster");
        if (cluster != null) {
            return cluster;
        }
        String[] path = event.physicalResourceId().split("/");
        return path.length == 3 ? path[1] : null;
    }

    private static OnEventResult result(Service service) {
        return new OnEventResult(service.serviceArn(), data(service));
    }

    private static Map<String, Object> data(Service service) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ServiceArn", service.serviceArn());
        data.put("Name", service.serviceName());
        service.deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status()))
                .map(Deployment::id)
                .filter(Objects::nonNull)
                .findFirst()
                .ifPresent(id -> data.put("DeploymentId", id));
        return data;
    }
}
