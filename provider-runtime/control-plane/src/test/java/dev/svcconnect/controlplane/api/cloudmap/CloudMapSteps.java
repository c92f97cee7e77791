package dev.svcconnect.controlplane.api.cloudmap;

import java.util.Map;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.Service;

/** The setup steps of the Cloud Map API tests, each one SDK call (two for a namespace). */
record CloudMapSteps(ServiceDiscoveryClient cloudMap) {

    /** Creates an HTTP namespace and answers it as GetNamespace does. */
    Namespace namespace(String name) {
        String operationId = cloudMap.createHttpNamespace(b -> b.name(name)).operationId();
        String id = cloudMap.getOperation(b -> b.operationId(operationId))
                .operation()
                .targetsAsStrings()
                .get("NAMESPACE");
        return cloudMap.getNamespace(b -> b.id(id)).namespace();
    }

    /** Creates a service without a health check. */
    Service service(Namespace namespace, String name) {
        return cloudMap.createService(b -> b.name(name).namespaceId(namespace.id()))
                .service();
    }

    /** Registers an instance at 10.0.0.1:8080; answers the operation id. */
    String register(Service service, String instanceId) {
        return cloudMap.registerInstance(b -> b.serviceId(service.id())
                        .instanceId(instanceId)
                        .attributes(Map.of("AWS_INSTANCE_IPV4", "10.0.0.1", "AWS_INSTANCE_PORT", "8080")))
                .operationId();
    }
}
