package dev.svcconnect.controlplane.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;

/**
 * The ECS and Cloud Map calls the fidelity suite makes, in the same order and with the same
 * arguments against each side: the life of a namespace, a cluster, a task definition, a Service
 * Connect service, tasks, a container instance, Cloud Map services and instances, operations and
 * tags, then their deletion; and a few calls that must fail. Each step's wire answer is kept
 * under the step's name.
 */
@SuppressWarnings("unchecked") // the SDK's varargs of Consumer builders
final class FidelityScenario {

    /** Registers an EC2 container instance in a cluster, the way each side has one. */
    @FunctionalInterface
    interface HostRegistration {
        void register(String cluster);
    }

    /**
     * One server under test: its SDK clients, the recorder of their answers, how it gets a host,
     * and a subnet and security group of its VPC for awsvpc tasks (moto checks that they exist).
     */
    record Side(
            EcsClient ecs,
            ServiceDiscoveryClient cloudMap,
            WireRecorder recorder,
            HostRegistration hosts,
            String subnet,
            String securityGroup) {}

    static final String NAMESPACE = "fidelity.local";
    static final String CLUSTER = "fidelity";

    private final Side side;
    private final Map<String, JsonNode> answers = new LinkedHashMap<>();

    private FidelityScenario(Side side) {
        this.side = Objects.requireNonNull(side, "side");
    }

    /** Runs every step against {@code side}; answers each step's wire answer, in order. */
    static Map<String, JsonNode> run(Side side) {
        FidelityScenario scenario = new FidelityScenario(side);
        scenario.cloudMapNamespace();
        scenario.ecs();
        scenario.cloudMapServices();
        scenario.failures();
        scenario.deletion();
        return scenario.answers;
    }

    private String namespaceId;
    private String cloudMapServiceId;
    private String clusterArn;
    private String taskArn;
    private String containerInstanceArn;

    private void cloudMapNamespace() {
        ServiceDiscoveryClient cloudMap = side.cloudMap();
        String operation = step(
                        "CreateHttpNamespace",
                        () -> cloudMap.createHttpNamespace(b -> b.name(NAMESPACE)
                                .description("fidelity suite")
                                .creatorRequestId("fidelity-1")
                                .tags(t -> t.key("suite").value("fidelity"))))
                .operationId();
        step("GetOperation", () -> cloudMap.getOperation(b -> b.operationId(operation)));
        namespaceId = step(
                        "ListNamespaces",
                        () -> cloudMap.listNamespaces(b ->
                                b.filters(f -> f.name(NamespaceFilterName.TYPE).values("HTTP"))))
                .namespaces()
                .stream()
                .filter(n -> n.name().equals(NAMESPACE))
                .findFirst()
                .orElseThrow()
                .id();
        step("GetNamespace", () -> cloudMap.getNamespace(b -> b.id(namespaceId)));
        step(
                "UpdateHttpNamespace",
                () -> cloudMap.updateHttpNamespace(
                        b -> b.id(namespaceId).namespace(n -> n.description("fidelity suite, updated"))));
    }

    private void ecs() {
        EcsClient ecs = side.ecs();
        clusterArn = step(
                        "CreateCluster",
                        () -> ecs.createCluster(b -> b.clusterName(CLUSTER)
                                .serviceConnectDefaults(d -> d.namespace(NAMESPACE))
                                .tags(t -> t.key("env").value("test"))))
                .cluster()
                .clusterArn();
        step(
                "DescribeClusters",
                () -> ecs.describeClusters(b -> b.clusters(CLUSTER).include(ClusterField.TAGS)));
        step("ListClusters", () -> ecs.listClusters(b -> {}));
        step(
                "UpdateCluster",
                () -> ecs.updateCluster(b -> b.cluster(CLUSTER)
                        .settings(s -> s.name("containerInsights").value("enabled"))));

        step(
                "RegisterTaskDefinition",
                () -> ecs.registerTaskDefinition(b -> b.family("web")
                        .networkMode("awsvpc")
                        .requiresCompatibilitiesWithStrings("FARGATE")
                        .cpu("256")
                        .memory("512")
                        .tags(t -> t.key("owner").value("web-team"))
                        .containerDefinitions(ContainerDefinition.builder()
                                .name("app")
                                .image("example/web:1")
                                .cpu(256)
                                .memory(512)
                                .command("java", "-jar", "web.jar")
                                .environment(e -> e.name("GREETING").value("hello"))
                                .portMappings(
                                        p -> p.name("web").containerPort(8080).appProtocol("http"))
                                .healthCheck(h -> h.command("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"))
                                .build())));
        step(
                "DescribeTaskDefinition",
                () -> ecs.describeTaskDefinition(b -> b.taskDefinition("web").include(TaskDefinitionField.TAGS)));
        step("ListTaskDefinitions", () -> ecs.listTaskDefinitions(b -> b.familyPrefix("web")));
        step("ListTaskDefinitionFamilies", () -> ecs.listTaskDefinitionFamilies(b -> {}));

        step(
                "CreateService",
                () -> ecs.createService(b -> b.cluster(CLUSTER)
                        .serviceName("web")
                        .taskDefinition("web")
                        .desiredCount(1)
                        .launchType("FARGATE")
                        .tags(t -> t.key("tier").value("front"))
                        .serviceConnectConfiguration(sc -> sc.enabled(true)
                                .namespace(NAMESPACE)
                                .services(s -> s.portName("web")
                                        .discoveryName("web")
                                        .clientAliases(a -> a.port(80).dnsName("web"))))));
        step(
                "DescribeServices",
                () -> ecs.describeServices(
                        b -> b.cluster(CLUSTER).services("web").include(ServiceField.TAGS)));
        step("ListServices", () -> ecs.listServices(b -> b.cluster(CLUSTER)));
        step(
                "UpdateService",
                () -> ecs.updateService(b -> b.cluster(CLUSTER).service("web").desiredCount(2)));

        taskArn = step(
                        "RunTask",
                        () -> ecs.runTask(b -> b.cluster(CLUSTER)
                                .taskDefinition("web")
                                .launchType("FARGATE")
                                .count(1)
                                .startedBy("fidelity")
                                .networkConfiguration(n -> n.awsvpcConfiguration(
                                        a -> a.subnets(side.subnet()).securityGroups(side.securityGroup())))
                                .tags(t -> t.key("job").value("once"))))
                .tasks()
                .get(0)
                .taskArn();
        step("ListTasks", () -> ecs.listTasks(b -> b.cluster(CLUSTER).startedBy("fidelity")));
        step(
                "DescribeTasks",
                () -> ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(taskArn).include(TaskField.TAGS)));
        step(
                "StopTask",
                () -> ecs.stopTask(b -> b.cluster(CLUSTER).task(taskArn).reason("fidelity suite")));

        side.hosts().register(CLUSTER);
        side.recorder().take();
        containerInstanceArn = step("ListContainerInstances", () -> ecs.listContainerInstances(b -> b.cluster(CLUSTER)))
                .containerInstanceArns()
                .get(0);
        step(
                "DescribeContainerInstances",
                () -> ecs.describeContainerInstances(b -> b.cluster(CLUSTER).containerInstances(containerInstanceArn)));

        step(
                "TagResource",
                () -> ecs.tagResource(
                        b -> b.resourceArn(clusterArn).tags(t -> t.key("team").value("mesh"))));
        step("ListTagsForResource", () -> ecs.listTagsForResource(b -> b.resourceArn(clusterArn)));
        step(
                "UntagResource",
                () -> ecs.untagResource(b -> b.resourceArn(clusterArn).tagKeys("team")));
    }

    private void cloudMapServices() {
        ServiceDiscoveryClient cloudMap = side.cloudMap();
        cloudMapServiceId = step(
                        "CreateService (Cloud Map)",
                        () -> cloudMap.createService(b -> b.name("db")
                                .namespaceId(namespaceId)
                                .description("the database")
                                .creatorRequestId("fidelity-2")
                                .healthCheckCustomConfig(h -> h.failureThreshold(1))
                                .tags(t -> t.key("tier").value("data"))))
                .service()
                .id();
        step("GetService (Cloud Map)", () -> cloudMap.getService(b -> b.id(cloudMapServiceId)));
        step(
                "ListServices (Cloud Map)",
                () -> cloudMap.listServices(b -> b.filters(
                        f -> f.name("NAMESPACE_ID").values(namespaceId).condition("EQ"))));
        step(
                "UpdateService (Cloud Map)",
                () -> cloudMap.updateService(
                        b -> b.id(cloudMapServiceId).service(s -> s.description("the database, updated"))));
        step(
                "RegisterInstance",
                () -> cloudMap.registerInstance(b -> b.serviceId(cloudMapServiceId)
                        .instanceId("db-1")
                        .creatorRequestId("fidelity-3")
                        .attributes(Map.of(
                                "AWS_INSTANCE_IPV4", "10.0.0.7", "AWS_INSTANCE_PORT", "5432", "role", "primary"))));
        step(
                "GetInstance",
                () -> cloudMap.getInstance(b -> b.serviceId(cloudMapServiceId).instanceId("db-1")));
        step("ListInstances", () -> cloudMap.listInstances(b -> b.serviceId(cloudMapServiceId)));
        step(
                "DiscoverInstances",
                () -> cloudMap.discoverInstances(
                        b -> b.namespaceName(NAMESPACE).serviceName("db").healthStatus("ALL")));
        step(
                "DiscoverInstancesRevision",
                () -> cloudMap.discoverInstancesRevision(
                        b -> b.namespaceName(NAMESPACE).serviceName("db")));
        step(
                "UpdateInstanceCustomHealthStatus",
                () -> cloudMap.updateInstanceCustomHealthStatus(
                        b -> b.serviceId(cloudMapServiceId).instanceId("db-1").status("UNHEALTHY")));
        step("GetInstancesHealthStatus", () -> cloudMap.getInstancesHealthStatus(b -> b.serviceId(cloudMapServiceId)));
        step("ListOperations", () -> cloudMap.listOperations(b -> {}));
        String namespaceArn =
                cloudMap.getNamespace(b -> b.id(namespaceId)).namespace().arn();
        side.recorder().take();
        step(
                "TagResource (Cloud Map)",
                () -> cloudMap.tagResource(
                        b -> b.resourceARN(namespaceArn).tags(t -> t.key("team").value("mesh"))));
        step("ListTagsForResource (Cloud Map)", () -> cloudMap.listTagsForResource(b -> b.resourceARN(namespaceArn)));
        step(
                "UntagResource (Cloud Map)",
                () -> cloudMap.untagResource(b -> b.resourceARN(namespaceArn).tagKeys("team")));
    }

    /** Calls that must fail, or answer failures: their error types are part of the contract. */
    private void failures() {
        EcsClient ecs = side.ecs();
        ServiceDiscoveryClient cloudMap = side.cloudMap();
        step("DescribeClusters (missing)", () -> ecs.describeClusters(b -> b.clusters("no-such-cluster")));
        step(
                "DescribeServices (missing)",
                () -> ecs.describeServices(b -> b.cluster(CLUSTER).services("no-such")));
        failing("DeleteCluster (missing)", () -> ecs.deleteCluster(b -> b.cluster("no-such-cluster")));
        failing("DescribeTaskDefinition (missing)", () -> ecs.describeTaskDefinition(b -> b.taskDefinition("no-such")));
        failing("GetNamespace (missing)", () -> cloudMap.getNamespace(b -> b.id("ns-0000000000000000")));
        failing("GetService (Cloud Map, missing)", () -> cloudMap.getService(b -> b.id("srv-0000000000000000")));
        failing("CreateHttpNamespace (taken)", () -> cloudMap.createHttpNamespace(b -> b.name(NAMESPACE)));
    }

    private void deletion() {
        EcsClient ecs = side.ecs();
        ServiceDiscoveryClient cloudMap = side.cloudMap();
        step(
                "DeregisterInstance",
                () -> cloudMap.deregisterInstance(
                        b -> b.serviceId(cloudMapServiceId).instanceId("db-1")));
        step("DeleteService (Cloud Map)", () -> cloudMap.deleteService(b -> b.id(cloudMapServiceId)));
        step(
                "DeleteService",
                () -> ecs.deleteService(b -> b.cluster(CLUSTER).service("web").force(true)));
        step("DeregisterTaskDefinition", () -> ecs.deregisterTaskDefinition(b -> b.taskDefinition("web:1")));
        step(
                "DeregisterContainerInstance",
                () -> ecs.deregisterContainerInstance(b -> b.cluster(CLUSTER)
                        .containerInstance(containerInstanceArn)
                        .force(true)));
    }

    private <T> T step(String name, Supplier<T> call) {
        side.recorder().take();
        try {
            T answer = call.get();
            answers.put(name, side.recorder().take());
            return answer;
        } catch (AwsServiceException e) {
            throw new AssertionError("step '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * A call that fails on AWS; its answer is kept whether it fails or not, so that a side that
     * accepts it shows as a difference ({@code __type} on one side only) instead of stopping the run.
     */
    private void failing(String name, Runnable call) {
        side.recorder().take();
        try {
            call.run();
        } catch (AwsServiceException e) {
            // the error's body is the answer compared
        }
        answers.put(name, side.recorder().take());
    }
}
