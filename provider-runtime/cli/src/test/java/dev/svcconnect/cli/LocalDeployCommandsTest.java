package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.agent.network.Isolation;
import dev.svcconnect.local.environment.LocalEnvironment;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.jvm.JvmOptions;
import dev.svcconnect.testsupport.TestDatabase;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy, status and destroy as a person runs them: the first deploy starts a control plane in
 * the background, the next commands find it from its pid file, destroy stops it, and returns only
 * once the tasks of the stacks it deleted are gone from this machine.
 */
class LocalDeployCommandsTest {

    private static final String TEMPLATE = ("{'Parameters': {'ClusterName': {'Type': 'String'}}, 'Resources': {"
                    + "'Ns': {'Type': 'Custom::SvcConnectNamespace', 'Properties': {'Name': 'internal'}},"
                    + "'Cluster': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': {'Ref': 'ClusterName'},"
                    + "  'ServiceConnectDefaults': {'Namespace': {'Ref': 'Ns'}}}},"
                    + "'Task': {'Type': 'Custom::SvcConnectTaskDefinition', 'Properties': {'Family': 'api', 'NetworkMode': 'awsvpc', 'Cpu': '256', 'Memory': '512',"
                    + "  'ContainerDefinitions': [{'Name': 'app', 'Command': ['./api'], 'PortMappings': [{'Name': 'api',"
                    + "  'ContainerPort': 8080, 'AppProtocol': 'http'}]}]}},"
                    + "'Service': {'Type': 'Custom::SvcConnectService', 'Properties': {'ServiceName': 'api',"
                    + "  'Cluster': {'Ref': 'Cluster'}, 'TaskDefinition': {'Ref': 'Task'}, 'DesiredCount': 0, 'LaunchType': 'FARGATE'}},"
                    + "'Hosts': {'Type': 'Custom::SvcConnectHostFleet', 'Properties': {'Cluster': {'Ref': 'Cluster'}, 'Count': 2}},"
                    + "'Role': {'Type': 'AWS::IAM::Role'}},"
                    + "'Outputs': {'Service': {'Value': {'Ref': 'Service'}}}}")
            .replace('\'', '"');

    /** A command line no other program of the machine runs, to find the task's processes by. */
    private static final String MARKER = "sleep 617";

    private static final String SLOW_STOP = ("{'Resources': {"
                    + "'Cluster': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': 'destroyed'}},"
                    + "'Task': {'Type': 'Custom::SvcConnectTaskDefinition', 'Properties': {'Family': 'slow-stop', 'Cpu': '256', 'Memory': '512',"
                    + "  'ContainerDefinitions': [{'Name': 'app', 'Command': ['sh', '-c', 'trap \\\"sleep 2; exit 0\\\" TERM; "
                    + MARKER
                    + " & wait']}]}},"
                    + "'Service': {'Type': 'Custom::SvcConnectService', 'DependsOn': 'Hosts', 'Properties': {'ServiceName': 'slow-stop',"
                    + "  'Cluster': {'Ref': 'Cluster'}, 'TaskDefinition': {'Ref': 'Task'}, 'DesiredCount': 1, 'LaunchType': 'EC2'}},"
                    + "'Hosts': {'Type': 'Custom::SvcConnectHostFleet', 'Properties': {'Cluster': {'Ref': 'Cluster'}, 'Count': 1}}}}")
            .replace('\'', '"');

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stopWhatIsLeft() {
        new LocalEnvironment(work.resolve("env"), List.of("unused")).stop(System.out);
    }

    private int run(String... args) {
        return CommandLines.run(out, err, args);
    }

    private String printed() {
        String text = out.toString();
        out.getBuffer().setLength(0);
        return text;
    }

    private Path assembly() throws IOException {
        return assembly("Apps", TEMPLATE);
    }

    private Path assembly(String stack, String template) throws IOException {
        Path dir = Files.createDirectories(work.resolve("cdk.out"));
        Files.writeString(dir.resolve(stack + ".template.json"), template);
        Files.writeString(
                dir.resolve("manifest.json"),
                "{\"version\": \"48.0.0\", \"artifacts\": {\"" + stack + "\": {"
                        + "\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"" + stack
                        + ".template.json\"}}}}");
        return dir;
    }

    /** A stack without hosts: its deploy starts no agent, only the control plane. */
    private static final String CLUSTER_ONLY =
            "{\"Resources\": {\"Cluster\": {\"Type\": \"Custom::SvcConnectCluster\", \"Properties\": {\"ClusterName\": \"apps\"}}}}";

    @Test
    void deployWithAStoreRunsTheLocalControlPlaneOnPostgresql() throws Exception {
        String env = work.resolve("env").toString();
        String assembly = assembly("Apps", CLUSTER_ONLY).toString();
        try (TestDatabase database = TestDatabase.create()) {
            assertThat(run("deploy", "--dir", env, "--store", database.url(), "--assembly", assembly))
                    .as(err.toString())
                    .isZero();
            String deployed = printed();
            assertThat(deployed).contains("Apps | 1/1 |");
            URI endpoint = URI.create(deployed.replaceAll("(?s).*Control plane: (\\S+).*", "$1"));
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(endpoint.resolve("/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("\"store\":\"postgresql\"");
            assertThat(database.sql(
                                    "SELECT count(*) FROM clusters WHERE id = 'arn:aws:ecs:us-east-1:000000000000:cluster/apps'")
                            .trim())
                    .isEqualTo("1");

            assertThat(run("deploy", "--dir", env, "--assembly", assembly)).isNotZero();
            assertThat(err.toString())
                    .contains(
                            "the local control plane runs on " + database.url().split("\\?")[0] + ", not sqlite");

            assertThat(run("destroy", "--dir", env)).as(err.toString()).isZero();
        }
    }

    @Test
    void deployStartsTheEnvironmentStatusShowsItAndDestroyStopsIt() throws IOException {
        String env = work.resolve("env").toString();
        Path assembly = assembly();

        assertThat(run(
                        "deploy",
                        "--dir",
                        env,
                        "--parameters",
                        "ClusterName=apps",
                        "--app",
                        "cp -r '" + assembly + "'/. \"$CDK_OUTDIR\""))
                .as(err.toString())
                .isZero();
        String deployed = printed();
        assertThat(deployed)
                .contains(
                        "Control plane: http://127.0.0.1:",
                        "Skipped, as they only mean something on AWS: 1 x AWS::IAM::Role",
                        "Apps | 5/5 |",
                        "Started agent fleet-apps-Hosts-1 (pid ",
                        "Started agent fleet-apps-Hosts-2 (pid ",
                        "Started agent fargate-apps (pid ",
                        "Apps.Service = arn:aws:ecs:us-east-1:000000000000:service/apps/api");
        long controlPlanePid = Json.mapper()
                .readTree(work.resolve("env/control-plane.json").toFile())
                .path("pid")
                .asLong();
        assertThat(Files.readString(Path.of("/proc/" + controlPlanePid + "/cmdline"))
                        .split("\0"))
                .as("the control plane runs on its own JVM options")
                .containsSubsequence(JvmOptions.controlPlane());
        assertThat(Files.readString(work.resolve("env/agents.json")))
                .contains("\"fleet-apps-Hosts-1\"", "\"fleet-apps-Hosts-2\"", "\"fargate-apps\"", "\"--fargate\"");
        for (JsonNode agent :
                Json.mapper().readTree(work.resolve("env/agents.json").toFile()).path("agents")) {
            assertThat(Files.readString(Path.of("/proc/" + agent.path("pid").asLong() + "/cmdline"))
                            .split("\0"))
                    .as(
                            "agent %s runs on the agent's JVM options",
                            agent.path("name").asText())
                    .containsSubsequence(JvmOptions.agent());
        }
        String endpoint = deployed.replaceAll("(?s).*Control plane: (\\S+).*", "$1");

        assertThat(run("deploy", "--dir", env, "--assembly", assembly.toString(), "--parameters", "ClusterName=apps"))
                .as(err.toString())
                .isZero();
        assertThat(printed())
                .contains("Control plane: " + endpoint, "Apps (no changes)")
                .doesNotContain("_IN_PROGRESS");

        assertThat(run("status", "--dir", env)).isZero();
        assertThat(printed())
                .contains("Apps", "5 resources", "Cluster apps:", "service api", "FARGATE", "desired 0, running 0");

        assertThat(run("destroy", "--dir", env)).as(err.toString()).isZero();
        assertThat(printed()).contains("DELETE_COMPLETE", "stopped the local environment");
        assertThat(new LocalEnvironment(work.resolve("env"), List.of("unused")).running())
                .isEmpty();
        assertThat(Files.readString(work.resolve("env/agents.json"))).doesNotContain("fleet-", "fargate-");
        assertThat(run("status", "--dir", env)).isZero();
        assertThat(printed()).contains("No local environment runs in " + env);
    }

    @Test
    void aMissingCdkJsonAndAnUnknownStackAreOneLineErrors() throws IOException {
        assertThat(run(
                        "deploy",
                        "--dir",
                        work.resolve("env").toString(),
                        "--assembly",
                        assembly().toString(),
                        "Nope"))
                .isEqualTo(1);
        assertThat(err.toString().strip())
                .startsWith("deploy: No stack named 'Nope' in ")
                .endsWith("(stacks: Apps)")
                .doesNotContain("\n");
        assertThat(work.resolve("env/control-plane.json")).doesNotExist();
    }

    @Test
    void destroyReturnsOnceTheTaskProcessesNetworkNamespaceAndRecordAreGone() throws IOException {
        assertThat(Isolation.canUseNetns())
                .as("network namespaces need root and ip (.ci/run runs as root)")
                .isTrue();
        Path assembly = assembly("Slow", SLOW_STOP);
        String env = work.resolve("env").toString();

        assertThat(run("deploy", "--dir", env, "--assembly", assembly.toString(), "--resource-timeout", "120"))
                .as(err.toString())
                .isZero();
        JsonNode record = onlyRecord(work.resolve("env/agents"));
        String network = record.path("network").asText();
        assertThat(Path.of("/run/netns", network)).exists();
        assertThat(processesRunning(MARKER)).isNotEmpty();

        assertThat(run("destroy", "--dir", env)).as(err.toString()).isZero();

        assertThat(processesRunning(MARKER)).isEmpty();
        assertThat(Path.of("/run/netns", network)).doesNotExist();
        assertThat(Path.of("/etc/netns", network)).doesNotExist();
        try (Stream<Path> files = Files.walk(work.resolve("env/agents"))) {
            assertThat(files.filter(f -> f.endsWith("running.json")).toList()).isEmpty();
        }
        assertThat(out.toString()).contains("stopped the local environment");
    }

    private static JsonNode onlyRecord(Path agents) throws IOException {
        try (Stream<Path> files = Files.walk(agents)) {
            List<Path> records = files.filter(f -> f.endsWith("running.json")).toList();
            assertThat(records).hasSize(1);
            return Json.mapper().readTree(records.get(0).toFile());
        }
    }

    /** Live processes (not zombies) whose command line contains {@code text}. */
    private static List<Long> processesRunning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .filter(p -> !zombie(p.pid()))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }
}
