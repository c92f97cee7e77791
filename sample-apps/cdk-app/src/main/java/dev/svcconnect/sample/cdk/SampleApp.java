package dev.svcconnect.sample.cdk;

import dev.svcconnect.constructs.AppProtocol;
import dev.svcconnect.constructs.CloudMapNamespaceOptions;
import dev.svcconnect.constructs.Cluster;
import dev.svcconnect.constructs.ContainerDefinitionOptions;
import dev.svcconnect.constructs.ControlPlane;
import dev.svcconnect.constructs.Ec2Service;
import dev.svcconnect.constructs.FargateService;
import dev.svcconnect.constructs.HealthCheck;
import dev.svcconnect.constructs.HostFleetProps;
import dev.svcconnect.constructs.INamespace;
import dev.svcconnect.constructs.LoadBalancer;
import dev.svcconnect.constructs.PortMapping;
import dev.svcconnect.constructs.ServiceConnectProps;
import dev.svcconnect.constructs.ServiceConnectService;
import dev.svcconnect.constructs.TaskArtifact;
import dev.svcconnect.constructs.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;

/**
 * The sample application in the shape of the Service Connect launch announcement, one stack
 * {@value #STACK} tagged {@code app=svc-connect-sample}: namespace {@code svc-namespace} (the default
 * Cloud Map namespace of both clusters, as an aws-cdk-lib app declares it); cluster
 * {@code svc-cluster-1} with a host fleet
 * of 2 EC2-like hosts running {@code db} (TCP alias {@code db:9092}) and {@code appserver}
 * (2 tasks, {@code grpc://appserver:8080}); cluster {@code svc-cluster-2} running {@code webui}
 * (2 tasks) on Fargate-like capacity, reached in the namespace as {@code http://webui-svc-domain:80}
 * and from the browser through a load balancer whose URL is the output {@code PageUrl}.
 *
 * <p>The containers run the sample jars of this checkout ({@code sample-apps/SERVICE/target/SERVICE.jar},
 * found from the working directory or the system property {@code svcconnect.root}), shipped as
 * artifacts ({@code TaskArtifact.fromAsset}): the host puts {@code SERVICE.jar} into the container's
 * working directory, so hosts need no checkout. {@code TASK_ID} is set to the task's id. Context values
 * (e.g. {@code CDK_CONTEXT_JSON='{"sample:port":8800}'} or {@code cdk synth -c sample:port=8800}):
 * {@code sample:port} (the page's port on 127.0.0.1, default 8800), {@code sample:webuiCount}
 * (default 2), {@code sample:greeting} (appserver's {@code APP_GREETING}) and
 * {@code sample:appserverCallers} (appserver's {@code allowedCallers}, comma-separated: {@code webui}
 * is what the page needs; default none, every service of the namespace).
 *
 * <p>With {@code -c target=aws} the same services are declared for AWS ({@link AwsTarget}): a VPC,
 * a {@code ControlPlane} and the host fleet as an Auto Scaling group; the page's load balancer is
 * left out (the construct is not provisioned on AWS).
 */
public final class SampleApp {

    /** The stack's name. */
    public static final String STACK = "SvcConnectSample";

    /** Small heaps and quick start-up: a machine runs about twenty of these JVMs. */
    private static final String JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m";

    private SampleApp() {}

    /** Synthesizes the app into {@code CDK_OUTDIR}. */
    public static void main(String[] args) {
        App app = new App();
        Path root = Path.of(System.getProperty("svcconnect.root", ""))
                .toAbsolutePath()
                .normalize();
        declare(app, root);
        app.synth();
    }

    /** Declares the sample's stack in {@code app}, running the jars under {@code root}. */
    public static Stack declare(App app, Path root) {
        int port = intContext(app, "sample:port", 8800);
        int webuiCount = intContext(app, "sample:webuiCount", 2);
        Object greetingContext = app.getNode().tryGetContext("sample:greeting");
        String greeting = greetingContext == null ? "Hello from appserver" : greetingContext.toString();
        Object callersContext = app.getNode().tryGetContext("sample:appserverCallers");
        List<String> appserverCallers = callersContext == null
                ? null
                : Arrays.stream(callersContext.toString().split(","))
                        .map(String::strip)
                        .filter(caller -> !caller.isEmpty())
                        .toList();
        Stack stack = new Stack(app, STACK);
        ControlPlane controlPlane = AwsTarget.isSelected(app) ? AwsTarget.controlPlane(stack, root) : null;

        Tags.of(stack).add("app", "svc-connect-sample");
        Cluster backend = Cluster.Builder.create(stack, "Cluster1")
                .clusterName("svc-cluster-1")
                .build();
        INamespace namespace = backend.addDefaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                .name("svc-namespace")
                .useForServiceConnect(true)
                .build());
        backend.addHostFleet(
                "Hosts",
                HostFleetProps.builder().count(2).controlPlane(controlPlane).build());
        Cluster frontend = Cluster.Builder.create(stack, "Cluster2")
                .clusterName("svc-cluster-2")
                .defaultNamespace(namespace)
                .build();

        db(stack, backend, root);
        appserver(stack, backend, root, greeting, appserverCallers);
        FargateService web = webui(stack, frontend, root, webuiCount);
        if (controlPlane == null) {
            page(stack, web, port);
        }
        return stack;
    }

    /** {@code db}: one task on the EC2-like hosts, TCP alias {@code db:9092}. */
    private static void db(Stack stack, Cluster cluster, Path root) {
        TaskDefinition db = task(
                stack,
                "DbTask",
                "db",
                root,
                Map.of("DB_BIND", "127.0.0.1", "DB_PORT", "9092"),
                PortMapping.builder().name("db").containerPort(9092).build());
        Ec2Service.Builder.create(stack, "Db")
                .serviceName("db")
                .cluster(cluster)
                .taskDefinition(db)
                .desiredCount(1)
                .serviceConnectConfiguration(serviceConnect(ServiceConnectService.builder()
                        .portMappingName("db")
                        .dnsName("db")
                        .port(9092)))
                .build();
    }

    /**
     * {@code appserver}: two tasks on the EC2-like hosts, {@code grpc://appserver:8080}, using the db;
     * {@code callers} (null: the default policy) may call it.
     */
    private static void appserver(Stack stack, Cluster cluster, Path root, String greeting, List<String> callers) {
        TaskDefinition appserver = task(
                stack,
                "AppserverTask",
                "appserver",
                root,
                Map.of(
                        "APP_BIND",
                        "127.0.0.1",
                        "APP_PORT",
                        "8080",
                        "DB_URL",
                        "jdbc:h2:tcp://db:9092/mem:items",
                        "APP_GREETING",
                        greeting),
                PortMapping.builder()
                        .name("appserver")
                        .containerPort(8080)
                        .appProtocol(AppProtocol.GRPC)
                        .build());
        Ec2Service.Builder.create(stack, "Appserver")
                .serviceName("appserver")
                .cluster(cluster)
                .taskDefinition(appserver)
                .desiredCount(2)
                .serviceConnectConfiguration(serviceConnect(ServiceConnectService.builder()
                        .portMappingName("appserver")
                        .dnsName("appserver")
                        .port(8080)
                        .allowedCallers(callers)))
                .build();
    }

    /** {@code webui}: {@code count} tasks on Fargate-like capacity, {@code http://webui-svc-domain:80}. */
    private static FargateService webui(Stack stack, Cluster cluster, Path root, int count) {
        TaskDefinition webui = task(
                stack,
                "WebuiTask",
                "webui",
                root,
                Map.of("WEBUI_BIND", "127.0.0.1", "WEBUI_PORT", "8000", "APPSERVER_URL", "grpc://appserver:8080"),
                PortMapping.builder()
                        .name("webui-port")
                        .containerPort(8000)
                        .appProtocol(AppProtocol.HTTP)
                        .build());
        return FargateService.Builder.create(stack, "Webui")
                .serviceName("webui")
                .cluster(cluster)
                .taskDefinition(webui)
                .desiredCount(count)
                .serviceConnectConfiguration(serviceConnect(ServiceConnectService.builder()
                        .portMappingName("webui-port")
                        .discoveryName("webui-svc")
                        .dnsName("webui-svc-domain")
                        .port(80)))
                .build();
    }

    /** The page: a load balancer over the webui service on 127.0.0.1:{@code port}, its URL the output {@code PageUrl}. */
    private static void page(Stack stack, FargateService web, int port) {
        LoadBalancer page = LoadBalancer.Builder.create(stack, "Page")
                .service(web)
                .discoveryName("webui-svc")
                .port(port)
                .build();
        CfnOutput.Builder.create(stack, "PageUrl")
                .value(page.getUrl())
                .description("The sample's page, through the local load balancer")
                .build();
    }

    private static ServiceConnectProps serviceConnect(ServiceConnectService.Builder service) {
        return ServiceConnectProps.builder().services(List.of(service.build())).build();
    }

    private static TaskDefinition task(
            Stack stack, String id, String service, Path root, Map<String, String> environment, PortMapping port) {
        Path jar =
                root.resolve("sample-apps").resolve(service).resolve("target").resolve(service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the sample jars first (./mvnw -q -pl"
                    + " sample-apps/db,sample-apps/appserver,sample-apps/webui -am package -DskipTests)");
        }
        String family = "webui".equals(service) ? "webui-svc-cluster" : service;
        TaskDefinition task =
                TaskDefinition.Builder.create(stack, id).family(family).build();
        String shipped = service + ".jar";
        task.addContainer(
                service,
                ContainerDefinitionOptions.builder()
                        .artifact(TaskArtifact.fromAsset(jar.toString()))
                        .entryPoint(List.of("sh", "-c"))
                        .command(List.of(
                                "TASK_ID=\"${ECS_TASK_ARN##*/}\" exec java " + JVM_OPTIONS + " -jar " + shipped))
                        .environment(environment)
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("java " + JVM_OPTIONS + " -jar " + shipped + " health"))
                                .interval(Duration.seconds(10))
                                .timeout(Duration.seconds(10))
                                .retries(3)
                                .build())
                        .portMappings(List.of(port))
                        .build());
        return task;
    }

    private static int intContext(App app, String key, int defaultValue) {
        Object value = app.getNode().tryGetContext(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + ": '" + value + "' (expected: a number)", e);
        }
    }
}
