package dev.svcconnect.provider.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.IsCompleteResult;
import dev.svcconnect.provider.OnEventResult;
import dev.svcconnect.provider.ProviderEvent;
import dev.svcconnect.provider.ProviderException;
import dev.svcconnect.provider.RequestType;
import dev.svcconnect.provider.ResourceHandler;
import dev.svcconnect.provider.SvcConnectApi;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code Custom::SvcConnectAccessPolicy} ({@code Namespace}, {@code Service}, {@code AllowedCallers}):
 * PutAccessPolicy on Create and Update, DeleteAccessPolicy on Delete, which gives the service its
 * default policy back. The physical id is {@code NAMESPACE/SERVICE}, so another namespace or
 * service is a replacement (CloudFormation then deletes the old policy). A policy already gone, or
 * whose namespace is gone, is deleted. Each call is complete when it returns.
 */
public final class AccessPolicyHandler implements ResourceHandler {

    /** The resource type handled. */
    public static final String TYPE = "Custom::SvcConnectAccessPolicy";

    private static final Set<String> GONE = Set.of("ResourceNotFoundException", "NamespaceNotFound", "ServiceNotFound");

    private final Supplier<SvcConnectApi> api;

    /** A handler calling the API {@code api} answers, asked for only when an event comes. */
    public AccessPolicyHandler(Supplier<SvcConnectApi> api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    @Override
    public String resourceType() {
        return TYPE;
    }

    @Override
    public OnEventResult onEvent(ProviderEvent event) {
        if (event.requestType() == RequestType.DELETE) {
            delete(event);
            return new OnEventResult(event.physicalResourceId(), Map.of());
        }
        String namespace = event.properties().requiredString("Namespace");
        String service = event.properties().requiredString("Service");
        List<String> callers = event.properties().strings("AllowedCallers");
        if (callers == null) {
            throw event.properties().error("AllowedCallers", "is required (an empty list allows nobody)");
        }
        ObjectNode request =
                Json.mapper().createObjectNode().put("Namespace", namespace).put("Service", service);
        ArrayNode list = request.putArray("AllowedCallers");
        callers.forEach(list::add);
        try {
            api.get().call("PutAccessPolicy", request);
        } catch (SvcConnectApi.CallException e) {
            throw new ProviderException(event.resourceName() + ": " + e.getMessage());
        }
        return new OnEventResult(namespace + "/" + service, Map.of("Namespace", namespace, "Service", service));
    }

    private void delete(ProviderEvent event) {
        String id = event.physicalResourceId();
        int slash = id == null ? -1 : id.lastIndexOf('/');
        if (slash <= 0) {
            return; // a Create that failed before it had a policy
        }
        ObjectNode request = Json.mapper()
                .createObjectNode()
                .put("Namespace", id.substring(0, slash))
                .put("Service", id.substring(slash + 1));
        try {
            api.get().call("DeleteAccessPolicy", request);
        } catch (SvcConnectApi.CallException e) {
            if (!GONE.contains(e.type())) {
                throw new ProviderException(event.resourceName() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public IsCompleteResult isComplete(ProviderEvent event) {
        return IsCompleteResult.done(event.data());
    }
}
