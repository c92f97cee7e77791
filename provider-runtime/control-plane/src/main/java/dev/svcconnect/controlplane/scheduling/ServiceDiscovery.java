package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's Cloud Map instances: one in the Cloud Map service of each Service Connect service of
 * the deployment that started it, registered when it runs (HEALTHY when its task definition has
 * no health check or the task is HEALTHY) and deregistered as soon as it is asked to stop, so
 * clients stop choosing it while it drains.
 */
public final class ServiceDiscovery {

    private final ResourceNames names;
    private final CloudMap cloudMap;

    public ServiceDiscovery(ResourceNames names, CloudMap cloudMap) {
        this.names = requireNonNull(names, "names");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    /** Registers the instances of a task that runs and has an address; nothing for other tasks. */
    public void register(Transaction tx, Task task) {
        Service service = task.owner(tx).orElse(null);
        Deployment deployment =
                service == null ? null : service.deployment(task.startedBy()).orElse(null);
        String address = task.attribute(Attributes.ADDRESS);
        if (deployment == null || address == null) {
            return;
        }
        TaskDefinition taskDefinition =
                TaskDefinition.find(tx, task.taskDefinitionArn()).orElseThrow();
        boolean healthy = !taskDefinition.hasHealthChecks() || "HEALTHY".equals(task.healthStatus());
        List<String> discoveryArns = deployment.discoveryArns();
        List<ServiceConnectEntry> entries = deployment.serviceConnectServices();
        for (int i = 0; i < entries.size(); i++) {
            String discoveryArn = i < discoveryArns.size() ? discoveryArns.get(i) : "";
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("AWS_INSTANCE_IPV4", address);
            attributes.put("AWS_INSTANCE_PORT", Integer.toString(task.inboundPort(taskDefinition, entries.get(i))));
            attributes.put("AVAILABILITY_ZONE", task.availabilityZone());
            attributes.put("REGION", Document.regionOf(task.arn()));
            attributes.put("ECS_SERVICE_NAME", service.name());
            attributes.put("ECS_CLUSTER_NAME", task.cluster());
            attributes.put("ECS_TASK_DEFINITION_FAMILY", taskDefinition.family());
            attributes.put(CloudMap.INIT_HEALTH_STATUS, healthy ? "HEALTHY" : "UNHEALTHY");
            if (cloudMap.service(tx, discoveryArn).isPresent()) {
                cloudMap.registerInstance(
                        tx, Document.regionOf(discoveryArn), discoveryArn, task.id(), attributes, null);
            }
        }
    }

    /** Deregisters the instances of a task, where it has any. */
    public void deregister(Transaction tx, Task task) {
        task.deployment(tx).ifPresent(deployment -> {
            for (String discoveryArn : deployment.discoveryArns()) {
                cloudMap.deregisterIfPresent(tx, serviceId(discoveryArn), task.id());
            }
        });
    }

    /**
     * Deletes the Cloud Map services of an INACTIVE service that no live service uses and that
     * have no instances left.
     */
    public void release(Transaction tx, Service service) {
        Set<String> inUse = new HashSet<>();
        for (Service other : Service.live(tx)) {
            other.deployments().forEach(d -> inUse.addAll(d.discoveryArns()));
        }
        for (Deployment deployment : service.deployments()) {
            for (String arn : deployment.discoveryArns()) {
                if (!inUse.contains(arn)
                        && cloudMap.service(tx, arn).isPresent()
                        && cloudMap.instances(tx, serviceId(arn)).isEmpty()) {
                    cloudMap.deleteService(tx, Document.regionOf(arn), arn);
                }
            }
        }
    }

    private static String serviceId(String discoveryArn) {
        return discoveryArn.substring(discoveryArn.lastIndexOf('/') + 1);
    }
}
