package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.Rendering;
import dev.svcconnect.constructs.internal.ServiceConnectRegistry;
import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Lazy;
import software.constructs.Construct;

/**
 * What {@link Ec2Service} and {@link FargateService} share: a service rendered as
 * {@code Custom::SvcConnectService} with the properties of {@code AWS::ECS::Service}
 * ({@code ServiceName}, {@code Cluster}, {@code TaskDefinition}, {@code DesiredCount},
 * {@code LaunchType}, {@code DeploymentConfiguration}, {@code ServiceConnectConfiguration}).
 *
 * <p>Service Connect is enabled once, with the {@code serviceConnectConfiguration} prop or
 * {@link #enableServiceConnect}; the defaults are ECS's: the discovery name is the port mapping's
 * name, the client alias is {@code discoveryName.namespace} on the container port, timeouts are
 * 15 s per request and 300 s idle (3600 s idle for TCP).
 */
public abstract class BaseService extends Construct {

    private static final int DEFAULT_PER_REQUEST_TIMEOUT = 15;
    private static final int DEFAULT_IDLE_TIMEOUT = 300;
    private static final int DEFAULT_TCP_IDLE_TIMEOUT = 3600;

    private final Cluster cluster;
    private final TaskDefinition taskDefinition;
    private final CustomResource resource;
    private final List<ServiceConnectRegistry.Offer> offers = new ArrayList<>();
    private Map<String, Object> serviceConnect;

    BaseService(Construct scope, String id, BaseServiceOptions props, String launchType) {
        super(scope, id);
        Objects.requireNonNull(props, "props");
        this.cluster = props.getCluster();
        this.taskDefinition = props.getTaskDefinition();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (props.getServiceName() != null) {
            properties.put("ServiceName", Validation.resourceName(props.getServiceName(), "serviceName"));
        }
        properties.put("Cluster", cluster.getClusterName());
        properties.put("TaskDefinition", taskDefinition.getTaskDefinitionArn());
        properties.put(
                "DesiredCount",
                props.getDesiredCount() == null ? 1 : Validation.atLeast(props.getDesiredCount(), 0, "desiredCount"));
        properties.put("LaunchType", launchType);
        properties.put("DeploymentConfiguration", deploymentConfiguration(props));
        properties.put("ServiceConnectConfiguration", Lazy.uncachedAny(context -> serviceConnect));
        this.resource = StackProvider.of(this).resource(this, "Resource", "Custom::SvcConnectService", properties);
        if (props.getServiceConnectConfiguration() != null) {
            enableServiceConnect(props.getServiceConnectConfiguration());
        }
    }

    /**
     * Enables Service Connect, once: the service joins {@code config}'s namespace (by default the
     * cluster's) and offers the ports in {@code config}'s services to it.
     */
    public void enableServiceConnect(ServiceConnectProps config) {
        ServiceConnectProps given =
                config == null ? ServiceConnectProps.builder().build() : config;
        if (serviceConnect != null) {
            throw new IllegalArgumentException("Service connect configuration cannot be specified more than once.");
        }
        INamespace namespace = given.getNamespace() != null ? given.getNamespace() : cluster.getDefaultNamespace();
        if (namespace == null) {
            throw new IllegalArgumentException(
                    "Namespace must be defined either in serviceConnectConfiguration or cluster.defaultNamespace");
        }
        if (taskDefinition.getContainers().isEmpty()) {
            throw new IllegalArgumentException(
                    "Task definition must have at least one container to enable service connect.");
        }
        List<Map<String, Object>> services = new ArrayList<>();
        List<ServiceConnectService> requested = given.getServices() == null ? List.of() : given.getServices();
        for (int i = 0; i < requested.size(); i++) {
            services.add(renderService(requested.get(i), namespace, "serviceConnectConfiguration.services[" + i + "]"));
        }
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("Enabled", true);
        rendered.put("Namespace", namespace.getNamespaceName());
        if (!services.isEmpty()) {
            rendered.put("Services", services);
        }
        if (given.getLogDriver() != null) {
            rendered.put("LogConfiguration", given.getLogDriver().render());
        }
        serviceConnect = rendered;
        resource.getNode().addDependency(namespace);
        ServiceConnectRegistry.of(this).register(offers);
    }

    /** The cluster the service runs in. */
    public Cluster getCluster() {
        return cluster;
    }

    /** The task definition of the service's tasks. */
    public TaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /** The service's ARN ({@code Ref}). */
    public String getServiceArn() {
        return resource.getRef();
    }

    /** The service's name ({@code Fn::GetAtt Name}). */
    public String getServiceName() {
        return resource.getAttString("Name");
    }

    private Map<String, Object> renderService(ServiceConnectService service, INamespace namespace, String field) {
        String portName = Validation.portName(service.getPortMappingName(), field + ".portMappingName");
        PortMapping mapping = taskDefinition.findPortMapping(portName);
        if (mapping == null) {
            throw new IllegalArgumentException(
                    "Port Mapping '" + portName + "' does not exist on the task definition.");
        }
        String discoveryName = service.getDiscoveryName() == null
                ? portName
                : Validation.discoveryName(service.getDiscoveryName(), field + ".discoveryName");
        String dnsName = service.getDnsName() == null
                ? discoveryName + "." + namespace.getNamespaceName()
                : Validation.dnsName(service.getDnsName(), field + ".dnsName");
        int port = service.getPort() == null
                ? mapping.getContainerPort().intValue()
                : Validation.port(service.getPort(), field + ".port");
        boolean tcp = mapping.getAppProtocol() == null;
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("PortName", portName);
        rendered.put("DiscoveryName", discoveryName);
        rendered.put("ClientAliases", List.of(Rendering.object("Port", port, "DnsName", dnsName)));
        if (service.getIngressPortOverride() != null) {
            rendered.put(
                    "IngressPortOverride",
                    Validation.port(service.getIngressPortOverride(), field + ".ingressPortOverride"));
        }
        rendered.put("Timeout", timeout(service, tcp, portName, field));
        offers.add(new ServiceConnectRegistry.Offer(
                namespace.getNamespaceName(),
                discoveryName,
                dnsName,
                port,
                getNode().getPath()));
        return rendered;
    }

    private static Map<String, Object> timeout(
            ServiceConnectService service, boolean tcp, String portName, String field) {
        Map<String, Object> timeout = new LinkedHashMap<>();
        timeout.put(
                "IdleTimeoutSeconds",
                seconds(
                        service.getIdleTimeout(),
                        field + ".idleTimeout",
                        tcp ? DEFAULT_TCP_IDLE_TIMEOUT : DEFAULT_IDLE_TIMEOUT));
        if (tcp && service.getPerRequestTimeout() != null) {
            throw new IllegalArgumentException(field + ".perRequestTimeout: port mapping '" + portName
                    + "' is TCP (expected: a port mapping with appProtocol HTTP, HTTP2 or GRPC)");
        }
        if (!tcp) {
            timeout.put(
                    "PerRequestTimeoutSeconds",
                    seconds(service.getPerRequestTimeout(), field + ".perRequestTimeout", DEFAULT_PER_REQUEST_TIMEOUT));
        }
        return timeout;
    }

    private static int seconds(Duration duration, String field, int defaultSeconds) {
        return duration == null ? defaultSeconds : Validation.timeoutSeconds(duration, field);
    }

    private static Map<String, Object> deploymentConfiguration(BaseServiceOptions props) {
        int min = props.getMinHealthyPercent() == null
                ? 100
                : Validation.between(props.getMinHealthyPercent(), 0, 100, "minHealthyPercent");
        int max = props.getMaxHealthyPercent() == null
                ? 200
                : Validation.atLeast(props.getMaxHealthyPercent(), 100, "maxHealthyPercent");
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("MinimumHealthyPercent", min);
        deployment.put("MaximumPercent", max);
        DeploymentCircuitBreaker breaker = props.getCircuitBreaker();
        if (breaker != null) {
            deployment.put(
                    "DeploymentCircuitBreaker",
                    Rendering.object(
                            "Enable",
                            breaker.getEnable() == null || breaker.getEnable(),
                            "Rollback",
                            breaker.getRollback() != null && breaker.getRollback()));
        }
        return deployment;
    }
}
