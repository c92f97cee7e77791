package dev.svcconnect.provider;

import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends each call of the ECS and Cloud Map clients to the control plane replica in use ({@code
 * SvcConnectEndpoint} a comma-separated list, {@code docs/ha.md}); a call that got no answer or a
 * server error moves the next call to the next replica.
 */
final class ReplicaFailover implements ExecutionInterceptor {

    private static final ExecutionAttribute<URI> REPLICA = new ExecutionAttribute<>("svc-connect-replica");

    private final ControlPlaneEndpoints replicas;

    ReplicaFailover(ControlPlaneEndpoints replicas) {
        this.replicas = replicas;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        URI replica = replicas.current();
        attributes.putAttribute(REPLICA, replica);
        return context.httpRequest().toBuilder()
                .protocol(replica.getScheme())
                .host(replica.getHost())
                .port(replica.getPort())
                .build();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        URI replica = attributes.getAttribute(REPLICA);
        Throwable failure = context.exception();
        boolean serverSide = failure instanceof SdkServiceException service && service.statusCode() >= 500;
        if (replica != null && (failure instanceof SdkClientException || serverSide)) {
            replicas.failed(replica);
        }
    }
}
