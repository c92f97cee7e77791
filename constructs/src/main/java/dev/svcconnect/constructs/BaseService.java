package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.AccessPolicies;
import dev.svcconnect.constructs.internal.Rendering;
import dev.svcconnect.constructs.internal.ServiceConnectRegistry;
import dev.svcconnect.constructs.internal.ServiceConnectRendering;
import dev.svcconnect.constructs.internal.ServiceMetrics;
import dev.svcconnect.constructs.internal.StackProvider;
import dev.svcconnect.constructs.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.ITaggable;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.TagType;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.constructs.Construct;

/**
 * What {@link Ec2Service} and {@link FargateService} share: a service rendered as
 * {@code Custom::SvcConnectService} with the properties of {@code AWS::ECS::Service}
 * ({@code ServiceName}, {@code Cluster}, {@code TaskDefinition}, {@code DesiredCount},
 * {@code LaunchType}, {@code DeploymentConfiguration}, {@code ServiceConnectConfiguration},
 * {@code Tags} from {@code Tags.of(...)}).
 *
 * <p>Service Connect is enabled once, with the {@code serviceConnectConfiguration} prop or
 * {@link #enableServiceConnect()}; the defaults are ECS's: the discovery name is the port mapping's
 * name, the client alias is {@code discoveryName.namespace} on the container port, timeouts are
 * 15 s per request and 300 s idle (3600 s idle for TCP).
 *
 * <p>The {@code metric*} methods give CloudWatch metrics in {@code AWS/ECS} under the names and
 * dimensions that ECS publishes for the service and its Service Connect traffic.
 */
public abstract class BaseService extends Construct implements IBaseService, ITaggable {

    private static final String TYPE = "Custom::SvcConnectService";

    private final ICluster cluster;
    private final TaskDefinition taskDefinition;
    private final TagManager tags = new TagManager(TagType.STANDARD, TYPE);
    private final CustomResource resource;
    private final List<ServiceConnectRegistry.Offer> offers = new ArrayList<>();
    private final ServiceMetrics metrics;
    private Map<String, Object> serviceConnect;
    private final String declaredServiceName;
    private String serviceConnectNamespaceName;

    BaseService(Construct scope, String id, BaseServiceOptions props, String launchType) {
        super(scope, id);
        Objects.requireNonNull(props, "props");
        this.cluster = props.getCluster();
        this.taskDefinition = props.getTaskDefinition();
        this.declaredServiceName = props.getServiceName();
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
        properties.put("Tags", Lazy.uncachedAny(context -> Rendering.tags(tags)));
        this.resource = StackProvider.of(this).resource(this, "Resource", TYPE, properties);
        this.metrics = new ServiceMetrics(this, cluster.getClusterName(), getServiceName());
        if (props.getServiceConnectConfiguration() != null) {
            enableServiceConnect(props.getServiceConnectConfiguration());
        }
    }

    /**
     * Enables Service Connect in the cluster's default namespace as a client only, once (as
     * aws-cdk-lib's {@code enableServiceConnect()}).
     */
    public void enableServiceConnect() {
        enableServiceConnect(null);
    }

    /**
     * Enables Service Connect, once: the service joins {@code config}'s namespace (by default the
     * cluster's) and offers the ports in {@code config}'s services to it; {@code null} is
     * {@link #enableServiceConnect()}.
     */
    public void enableServiceConnect(ServiceConnectProps config) {
        ServiceConnectProps given =
                config == null ? ServiceConnectProps.builder().build() : config;
        if (serviceConnect != null) {
            throw new IllegalArgumentException("Service connect configuration cannot be specified more than once.");
        }
        INamespace namespace = given.getNamespace();
        if (namespace == null && given.getNamespaceName() == null) {
            namespace = cluster.getDefaultCloudMapNamespace();
        }
        if (namespace == null && given.getNamespaceName() == null) {
            throw new IllegalArgumentException(
                    "Namespace must be defined either in serviceConnectConfiguration or cluster.defaultNamespace");
        }
        if (taskDefinition.getContainers().isEmpty()) {
            throw new IllegalArgumentException(
                    "Task definition must have at least one container to enable service connect.");
        }
        String namespaceName = namespace != null
                ? namespace.getNamespaceName()
                : Validation.namespaceNameOrArn(given.getNamespaceName(), "serviceConnectConfiguration.namespace");
        boolean byArn = namespace == null && (Token.isUnresolved(namespaceName) || namespaceName.startsWith("arn:"));
        ServiceConnectRendering rendering = new ServiceConnectRendering(
                taskDefinition, namespaceName, byArn, getNode().getPath(), offers);
        List<Map<String, Object>> services = new ArrayList<>();
        List<ServiceConnectService> requested = given.getServices() == null ? List.of() : given.getServices();
        List<Runnable> policies = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String field = "serviceConnectConfiguration.services[" + i + "]";
            Map<String, Object> entry = rendering.render(requested.get(i), field);
            services.add(entry);
            List<Object> listed = requested.get(i).getAllowedCallers();
            if (listed != null) {
                List<String> callers = AllowedCallers.of(listed, namespaceName, field + ".");
                String discoveryName = (String) entry.get("DiscoveryName");
                AccessPolicies.validate(namespaceName, discoveryName, callers, field + ".");
                int index = i;
                policies.add(() -> AccessPolicies.render(this, resource, namespaceName, discoveryName, callers, index));
            }
        }
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("Enabled", true);
        rendered.put("Namespace", namespaceName);
        if (!services.isEmpty()) {
            rendered.put("Services", services);
        }
        if (given.getLogDriver() != null) {
            rendered.put("LogConfiguration", given.getLogDriver().render());
        }
        serviceConnect = rendered;
        serviceConnectNamespaceName = byArn ? null : namespaceName;
        policies.forEach(Runnable::run);
        if (namespace != null) {
            resource.getNode().addDependency(namespace);
        }
        ServiceConnectRegistry.of(this).register(offers);
    }

    /** The {@code serviceName} prop, or null when the name is generated at deploy time. */
    String declaredServiceName() {
        return declaredServiceName;
    }

    /** The name of the namespace the service joined with Service Connect, or null (none yet, or given by ARN). */
    String serviceConnectNamespaceName() {
        return serviceConnectNamespaceName;
    }

    /** The cluster the service runs in. */
    @Override
    public ICluster getCluster() {
        return cluster;
    }

    /** The task definition of the service's tasks. */
    public TaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    /** The service's ARN ({@code Ref}). */
    @Override
    public String getServiceArn() {
        return resource.getRef();
    }

    /** The service's name ({@code Fn::GetAtt Name}). */
    @Override
    public String getServiceName() {
        return resource.getAttString("Name");
    }

    /** The tags of the service, rendered as {@code Tags} ({@code [{Key, Value}]}); add with {@code Tags.of(...)}. */
    @Override
    public TagManager getTags() {
        return tags;
    }

    /** The ECS metric {@code metricName} of this service (dimensions {@code ClusterName}, {@code ServiceName}). */
    public Metric metric(String metricName, MetricOptions props) {
        return metrics.service(metricName, "Average", props);
    }

    /** {@code CPUUtilization}, average over 5 minutes (published by ECS on AWS, not by the control plane). */
    public Metric metricCpuUtilization(MetricOptions props) {
        return metrics.service("CPUUtilization", "Average", props);
    }

    /** {@code MemoryUtilization}, average over 5 minutes (published by ECS on AWS, not by the control plane). */
    public Metric metricMemoryUtilization(MetricOptions props) {
        return metrics.service("MemoryUtilization", "Average", props);
    }

    /**
     * Service Connect's {@code RequestCount} of the service's port {@code discoveryName}: HTTP,
     * HTTP/2 and gRPC requests it received, sum over 5 minutes (dimensions {@code DiscoveryName},
     * {@code ServiceName}, {@code ClusterName}).
     */
    public Metric metricRequestCount(String discoveryName, MetricOptions props) {
        return metrics.inbound("RequestCount", discoveryName, "Sum", props);
    }

    /** Service Connect's {@code GrpcRequestCount} of the port {@code discoveryName}, sum. */
    public Metric metricGrpcRequestCount(String discoveryName, MetricOptions props) {
        return metrics.inbound("GrpcRequestCount", discoveryName, "Sum", props);
    }

    /** Service Connect's {@code ActiveConnectionCount} of the port {@code discoveryName}, sum. */
    public Metric metricActiveConnectionCount(String discoveryName, MetricOptions props) {
        return metrics.inbound("ActiveConnectionCount", discoveryName, "Sum", props);
    }

    /** Service Connect's {@code NewConnectionCount} of the port {@code discoveryName}, sum. */
    public Metric metricNewConnectionCount(String discoveryName, MetricOptions props) {
        return metrics.inbound("NewConnectionCount", discoveryName, "Sum", props);
    }

    /** Service Connect's {@code ProcessedBytes} (to and from clients) of the port {@code discoveryName}, sum. */
    public Metric metricProcessedBytes(String discoveryName, MetricOptions props) {
        return metrics.inbound("ProcessedBytes", discoveryName, "Sum", props);
    }

    /**
     * Service Connect's {@code RequestCountPerTarget}: this service's requests to
     * {@code targetDiscoveryName}, sum (dimensions {@code TargetDiscoveryName}, {@code ServiceName},
     * {@code ClusterName}: the calling service).
     */
    public Metric metricRequestCountPerTarget(String targetDiscoveryName, MetricOptions props) {
        return metrics.outbound("RequestCountPerTarget", targetDiscoveryName, "Sum", props);
    }

    /** Service Connect's {@code TargetResponseTime} (milliseconds) of calls to {@code targetDiscoveryName}, average. */
    public Metric metricTargetResponseTime(String targetDiscoveryName, MetricOptions props) {
        return metrics.outbound("TargetResponseTime", targetDiscoveryName, "Average", props);
    }

    /** Service Connect's {@code HTTPCode_Target_NXX_Count} of calls to {@code targetDiscoveryName}, sum. */
    public Metric metricHttpCodeTarget(HttpCodeTarget code, String targetDiscoveryName, MetricOptions props) {
        String nxx = Objects.requireNonNull(code, "code").name().split("_")[1]; // TARGET_2XX_COUNT
        return metrics.outbound("HTTPCode_Target_" + nxx + "_Count", targetDiscoveryName, "Sum", props);
    }

    /** Service Connect's {@code TargetProcessedBytes} of calls to {@code targetDiscoveryName}, sum. */
    public Metric metricTargetProcessedBytes(String targetDiscoveryName, MetricOptions props) {
        return metrics.outbound("TargetProcessedBytes", targetDiscoveryName, "Sum", props);
    }

    private static Map<String, Object> deploymentConfiguration(BaseServiceOptions props) {
        Number min = props.getMinHealthyPercent() == null
                ? 100
                : Validation.between(props.getMinHealthyPercent(), 0, 100, "minHealthyPercent");
        Number max = props.getMaxHealthyPercent() == null
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
