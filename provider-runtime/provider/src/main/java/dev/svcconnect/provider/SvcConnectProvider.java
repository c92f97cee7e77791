package dev.svcconnect.provider;

import dev.svcconnect.provider.access.AccessPolicyHandler;
import dev.svcconnect.provider.cloudmap.NamespaceHandler;
import dev.svcconnect.provider.ecs.ClusterHandler;
import dev.svcconnect.provider.ecs.HostFleetHandler;
import dev.svcconnect.provider.ecs.ServiceHandler;
import dev.svcconnect.provider.ecs.TaskDefinitionHandler;
import dev.svcconnect.provider.ingress.LoadBalancerHandler;
import dev.svcconnect.provider.secrets.ProviderSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Dispatches custom resource events to the handler of their type and turns every failure into a
 * {@link ProviderException} whose message says what to do. The Lambda entry points
 * ({@link OnEventHandler}, {@link IsCompleteHandler}) and the local engine both call it.
 *
 * <pre>{@code
 * try (ControlPlane controlPlane = ControlPlane.connect("http://127.0.0.1:7700")) {
 *     Map<String, Object> answer = new SvcConnectProvider(controlPlane).onEvent(event);
 * }
 * }</pre>
 */
public final class SvcConnectProvider {

    private final ControlPlane controlPlane;
    private final Map<String, ResourceHandler> handlers = new LinkedHashMap<>();

    /** A provider whose handlers call {@code controlPlane}. */
    public SvcConnectProvider(ControlPlane controlPlane) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
        for (ResourceHandler handler : List.of(
                new NamespaceHandler(controlPlane.cloudMap()),
                new ClusterHandler(controlPlane.ecs()),
                new HostFleetHandler(controlPlane.ecs(), controlPlane::api, ProviderSecrets::fromEnvironment),
                new TaskDefinitionHandler(controlPlane.ecs()),
                new ServiceHandler(controlPlane.ecs()),
                new LoadBalancerHandler(),
                new AccessPolicyHandler(controlPlane::svcConnect))) {
            handlers.put(handler.resourceType(), handler);
        }
    }

    /** The resource types handled, in the order resources usually depend on each other. */
    public List<String> resourceTypes() {
        return List.copyOf(handlers.keySet());
    }

    /** Handles an onEvent request; answers {@code PhysicalResourceId} and {@code Data}. */
    public Map<String, Object> onEvent(Map<String, Object> event) {
        ProviderEvent parsed = ProviderEvent.fromMap(event);
        return call(parsed, () -> handlerFor(parsed).onEvent(parsed).toMap());
    }

    /** Handles an isComplete request; answers {@code IsComplete} and, when complete, {@code Data}. */
    public Map<String, Object> isComplete(Map<String, Object> event) {
        ProviderEvent parsed = ProviderEvent.fromMap(event);
        return call(parsed, () -> handlerFor(parsed).isComplete(parsed).toMap());
    }

    /** The handler of {@code event}'s type, or a failure listing the supported types. */
    ResourceHandler handlerFor(ProviderEvent event) {
        ResourceHandler handler = handlers.get(event.resourceType());
        if (handler == null) {
            throw new ProviderException("ResourceType: '" + event.resourceType() + "' of resource "
                    + event.logicalResourceId() + " is not handled by svc-connect (expected one of: "
                    + String.join(", ", handlers.keySet()) + ")");
        }
        return handler;
    }

    private Map<String, Object> call(ProviderEvent event, Supplier<Map<String, Object>> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                // With several replicas, a call that failed on one goes to the next (ReplicaFailover).
                if (attempt < controlPlane.replicas() && onAnotherReplica(e)) {
                    continue;
                }
                throw explained(event, e);
            }
        }
    }

    private static boolean onAnotherReplica(RuntimeException e) {
        return e instanceof SdkClientException
                || (e instanceof AwsServiceException service && service.statusCode() >= 500);
    }

    private ProviderException explained(ProviderEvent event, RuntimeException failure) {
        if (failure instanceof ProviderException e) {
            return e;
        }
        if (failure instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            return new ProviderException(
                    event.resourceName() + ": " + event.requestType().wireName()
                            + " was rejected by the control plane at " + controlPlane.endpoint() + ": " + code
                            + message,
                    e);
        }
        if (failure instanceof SdkClientException e) {
            return new ProviderException(
                    event.resourceName() + ": " + event.requestType().wireName()
                            + " could not reach the control plane at " + controlPlane.endpoint() + " (" + e.getMessage()
                            + "); start it with 'svc-connect control-plane' or set the stack parameter "
                            + "SvcConnectEndpoint to its URL",
                    e);
        }
        return new ProviderException(
                event.resourceName() + ": " + event.requestType().wireName()
                        + " failed unexpectedly: " + failure + "; this is a bug in svc-connect, please report it"
                        + " with this message",
                failure);
    }
}
