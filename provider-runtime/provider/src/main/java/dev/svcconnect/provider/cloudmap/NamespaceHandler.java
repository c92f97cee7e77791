package dev.svcconnect.provider.cloudmap;

import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.ResourceHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.FilterCondition;
import software.amazon.awssdk.services.servicediscovery.model.HttpNamespaceChange;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceAlreadyExistsException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilter;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.OperationNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;

/**
 * {@code Custom::SvcConnectNamespace}, mirroring {@code AWS::ServiceDiscovery::HttpNamespace}
 * ({@code Name}, {@code Description}): CreateHttpNamespace, UpdateHttpNamespace and
 * DeleteNamespace, each an asynchronous Cloud Map operation that isComplete follows with
 * GetOperation.
 *
 * <p>The physical id is the namespace's name, so a new {@code Name} is a replacement. The data
 * are {@code Id}, {@code Arn} and {@code Name}. A retried Create recognises the namespace it
 * created by its creator request id (the CloudFormation request id).
 */
public final class NamespaceHandler implements ResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectNamespace";

    private static final String OPERATION = "OperationId";

    private final ServiceDiscoveryClient cloudMap;

    /** A handler calling {@code cloudMap}. */
    public NamespaceHandler(ServiceDiscoveryClient cloudMap) {
        this.cloudMap = Objects.requireNonNull(cloudMap, "cloudMap");
    }

    @Override
    public String resourceType() {
        return TYPE;
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            return delete(event.physicalResourceId());
        }
        String name = event.properties().requiredString("Name");
        return name.equals(event.physicalResourceId()) ? update(event, name) : create(event, name);
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        Object operationId = event.data().get(OPERATION);
        if (operationId != null && !finished(event, String.valueOf(operationId))) {
            return IsCompleteResult.notYet();
        }
        if (event.requestType() == RequestType.DELETE) {
            return IsCompleteResult.done();
        }
        Namespace namespace = find(event.physicalResourceId())
                .orElseThrow(() -> new ProviderException(event.resourceName() + ": namespace '"
                        + event.physicalResourceId() + "' disappeared while it was being created or updated"));
        return IsCompleteResult.done(Map.of("Id", namespace.id(), "Arn", namespace.arn(), "Name", namespace.name()));
    }

    private OnEventResult create(ProviderEvent event, String name) {
        String creatorRequestId = creatorRequestId(event, name);
        try {
            String operationId = cloudMap.createHttpNamespace(b -> b.name(name)
                            .description(event.properties().string("Description"))
                            .creatorRequestId(creatorRequestId))
                    .operationId();
            return new OnEventResult(name, Map.of(OPERATION, operationId));
        } catch (NamespaceAlreadyExistsException e) {
            Namespace existing = find(name).orElseThrow(() -> e);
            if (!creatorRequestId.equals(existing.creatorRequestId())) {
                throw new ProviderException(event.resourceName() + ": a namespace named '" + name
                        + "' already exists (" + existing.id() + ") and was not created by this resource;"
                        + " choose another Name or delete that namespace");
            }
            return new OnEventResult(name, Map.of());
        }
    }

    private OnEventResult update(ProviderEvent event, String name) {
        String description = event.properties().string("Description");
        if (Objects.equals(description, event.oldProperties().string("Description"))) {
            return new OnEventResult(name, Map.of());
        }
        Namespace namespace = find(name)
                .orElseThrow(() -> new ProviderException(event.resourceName()
                        + ": namespace '" + name + "' does not exist any more; delete the resource from the"
                        + " template and add it again to recreate it"));
        String operationId = cloudMap.updateHttpNamespace(b -> b.id(namespace.id())
                        .updaterRequestId(creatorRequestId(event, name))
                        .namespace(HttpNamespaceChange.builder()
                                .description(description == null ? "" : description)
                                .build()))
                .operationId();
        return new OnEventResult(name, Map.of(OPERATION, operationId));
    }

    private OnEventResult delete(String name) {
        Optional<Namespace> namespace = find(name);
        if (namespace.isEmpty()) {
            return new OnEventResult(name, Map.of());
        }
        try {
            String operationId =
                    cloudMap.deleteNamespace(b -> b.id(namespace.get().id())).operationId();
            return new OnEventResult(name, Map.of(OPERATION, operationId));
        } catch (NamespaceNotFoundException e) {
            return new OnEventResult(name, Map.of());
        }
    }

    private boolean finished(ProviderEvent event, String operationId) {
        Operation operation;
        try {
            operation = cloudMap.getOperation(b -> b.operationId(operationId)).operation();
        } catch (OperationNotFoundException e) {
            return true;
        }
        if (operation.status() == OperationStatus.FAIL) {
            throw new ProviderException(
                    event.resourceName() + ": Cloud Map operation " + operationId + " (" + operation.typeAsString()
                            + ") failed: " + operation.errorCode() + ": " + operation.errorMessage());
        }
        return operation.status() == OperationStatus.SUCCESS;
    }

    private Optional<Namespace> find(String name) {
        NamespaceFilter byName = NamespaceFilter.builder()
                .name(NamespaceFilterName.NAME)
                .values(name)
                .condition(FilterCondition.EQ)
                .build();
        List<NamespaceSummary> summaries = cloudMap.listNamespacesPaginator(b -> b.filters(byName)).stream()
                .flatMap(page -> page.namespaces().stream())
                .toList();
        for (NamespaceSummary summary : summaries) {
            if (name.equals(summary.name())) {
                try {
                    return Optional.of(
                            cloudMap.getNamespace(b -> b.id(summary.id())).namespace());
                } catch (NamespaceNotFoundException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** At most 64 characters, the same for every retry of one request. */
    private static String creatorRequestId(ProviderEvent event, String name) {
        String id = event.requestId() != null ? event.requestId() : "svc-connect-" + name;
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
