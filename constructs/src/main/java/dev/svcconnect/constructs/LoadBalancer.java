package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.constructs.Construct;

/**
 * The way in from outside to a Service Connect service: a listener that balances over the
 * service's healthy tasks, rendered as {@code Custom::SvcConnectLoadBalancer} ({@code Namespace},
 * {@code DiscoveryName}, {@code Port}, {@code Protocol}).
 *
 * <p>Locally, {@code svc-connect deploy} runs a host proxy on {@code 127.0.0.1:PORT} that follows
 * the service's endpoints in the namespace; {@link #getUrl()} is its URL. On AWS it stands for an
 * Application Load Balancer listener whose target group holds the service's tasks; the handler
 * only records it there, so declare an {@code elbv2} load balancer for real traffic.
 */
public class LoadBalancer extends Construct {

    private final CustomResource resource;

    /** A load balancer for {@code props}' service. */
    public LoadBalancer(Construct scope, String id, LoadBalancerProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "props");
        BaseService service = Objects.requireNonNull(props.getService(), "service");
        INamespace namespace = props.getNamespace() != null
                ? props.getNamespace()
                : service.getCluster().getDefaultCloudMapNamespace();
        if (namespace == null) {
            throw new IllegalArgumentException(
                    "Namespace must be defined either in the load balancer's props or the service's cluster.defaultNamespace");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Namespace", namespace.getNamespaceName());
        properties.put(
                "DiscoveryName",
                Validation.discoveryName(
                        Objects.requireNonNull(props.getDiscoveryName(), "discoveryName"), "discoveryName"));
        properties.put("Port", Validation.port(Objects.requireNonNull(props.getPort(), "port"), "port"));
        properties.put(
                "Protocol",
                props.getProtocol() == null ? "http" : props.getProtocol().getValue());
        StackProvider provider = StackProvider.of(this);
        if (provider.controlPlane() != null) {
            // Its URL would be 127.0.0.1 of a host proxy that nothing starts on AWS.
            throw new IllegalArgumentException(
                    "LoadBalancer " + getNode().getPath() + ": not provisioned on AWS (the app"
                            + " has the ControlPlane "
                            + provider.controlPlane().getNode().getPath() + "): declare an elbv2"
                            + " ApplicationLoadBalancer whose target group holds the hosts' Auto Scaling group instead");
        }
        this.resource = provider.resource(this, "Resource", "Custom::SvcConnectLoadBalancer", properties);
        resource.getNode().addDependency(service);
    }

    /** The URL clients use, such as {@code http://127.0.0.1:8800} ({@code Fn::GetAtt Url}). */
    public String getUrl() {
        return resource.getAttString("Url");
    }

    /** Builds a {@link LoadBalancer}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final LoadBalancerProps.Builder props = LoadBalancerProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /** A builder of load balancer {@code id} in {@code scope}. */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see LoadBalancerProps#getService() */
        public Builder service(BaseService service) {
            props.service(service);
            return this;
        }

        /** @see LoadBalancerProps#getNamespace() */
        public Builder namespace(INamespace namespace) {
            props.namespace(namespace);
            return this;
        }

        /** @see LoadBalancerProps#getDiscoveryName() */
        public Builder discoveryName(String discoveryName) {
            props.discoveryName(discoveryName);
            return this;
        }

        /** @see LoadBalancerProps#getPort() */
        public Builder port(Number port) {
            props.port(port);
            return this;
        }

        /** @see LoadBalancerProps#getProtocol() */
        public Builder protocol(AppProtocol protocol) {
            props.protocol(protocol);
            return this;
        }

        /** The load balancer. */
        public LoadBalancer build() {
            return new LoadBalancer(scope, id, props.build());
        }
    }
}
