package dev.svcconnect.controlplane.watch;

import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task's proxy configuration is computed from, taken out of its stored document. Unlike a
 * {@link Task}, which is a view over a mutable JSON tree, it is immutable, so {@link ProxyConfigs}
 * keeps one per unchanged row ({@link RowMemo}) and hands the same one to every refresh.
 *
 * @param arn the task's ARN
 * @param cluster the name of its cluster
 * @param serviceName the service that owns it, or null
 * @param serviceArn that service's ARN, or null
 * @param startedBy for a service's task, the id of the deployment that started it
 * @param taskDefinitionArn its task definition
 * @param attributes its svc-connect attributes ({@link Attributes}), by name
 */
record ProxyTask(
        String arn,
        String cluster,
        String serviceName,
        String serviceArn,
        String startedBy,
        String taskDefinitionArn,
        Map<String, String> attributes) {

    ProxyTask {
        Map<String, String> valued = new HashMap<>(attributes);
        valued.values().removeIf(Objects::isNull); // an attribute without a value reads as absent
        attributes = Map.copyOf(valued);
    }

    /** The parts of {@code task} a proxy configuration needs. */
    static ProxyTask of(Task task) {
        return new ProxyTask(
                task.arn(),
                task.cluster(),
                task.serviceName().orElse(null),
                task.serviceArn(),
                task.startedBy(),
                task.taskDefinitionArn(),
                task.svcConnectAttributes());
    }

    /** One of the task's svc-connect attributes, or null. */
    String attribute(String name) {
        return attributes.get(name);
    }

    /** The namespace of a task that RunTask started with a client namespace, else null ({@link Task#clientNamespaceArn}). */
    String clientNamespaceArn() {
        return attribute(Attributes.CLIENT_NAMESPACE);
    }

    /** The deployment of the owning service that started the task ({@link Task#deployment}). */
    Optional<Deployment> deployment(Transaction tx) {
        return serviceArn == null
                ? Optional.empty()
                : Service.find(tx, serviceArn).flatMap(service -> service.deployment(startedBy));
    }

    /** The port of its inbound listener for {@code entry} ({@link Task#inboundPort}). */
    int inboundPort(TaskDefinition taskDefinition, ServiceConnectEntry entry) {
        return Task.inboundPort(attribute(Attributes.INGRESS_PORT + entry.portName()), taskDefinition, entry);
    }
}
