package dev.svcconnect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.local.environment.LocalEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy, status and destroy as a person runs them: the first deploy starts a control plane in
 * the background, the next commands find it from its pid file, destroy stops it.
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
            + "'Outputs': {'Service': {'Value': {'Ref': 'Service'}}}}").replace('\'', '"');

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stopWhatIsLeft() {
        new LocalEnvironment(work.resolve("env"), List.of("unused")).stop(System.out);
    }

    private int run(String... args) {
        CommandLine commandLine = SvcConnect.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String printed() {
        String text = out.toString();
        out.getBuffer().setLength(0);
        return text;
    }

    private Path assembly() throws IOException {
        Path dir = Files.createDirectories(work.resolve("cdk.out"));
        Files.writeString(dir.resolve("Apps.template.json"), TEMPLATE);
        Files.writeString(dir.resolve("manifest.json"), "{\"version\": \"48.0.0\", \"artifacts\": {\"Apps\": {"
                + "\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"Apps.template.json\"}}}}");
        return dir;
    }

    @Test
    void deployStartsTheEnvironmentStatusShowsItAndDestroyStopsIt() throws IOException {
        String env = work.resolve("env").toString();
        Path assembly = assembly();

        assertThat(run("deploy", "--dir", env, "--parameters", "ClusterName=apps", "--app", "cp -r '" + assembly + "'/. \"$CDK_OUTDIR\"")).as(err.toString()).isZero();
        String deployed = printed();
        assertThat(deployed).contains("Control plane: http://127.0.0.1:", "Skipped, as they only mean something on AWS: 1 x AWS::IAM::Role",
                "Apps | 5/5 |", "Started agent fleet-apps-Hosts-1 (pid ", "Started agent fleet-apps-Hosts-2 (pid ",
                "Started agent fargate-apps (pid ", "Apps.Service = arn:aws:ecs:us-east-1:000000000000:service/apps/api");
        assertThat(Files.readString(work.resolve("env/control-plane.json"))).contains("\"pid\"");
        assertThat(Files.readString(work.resolve("env/agents.json")))
                .contains("\"fleet-apps-Hosts-1\"", "\"fleet-apps-Hosts-2\"", "\"fargate-apps\"", "\"--fargate\"");
        String endpoint = deployed.replaceAll("(?s).*Control plane: (\\S+).*", "$1");

        assertThat(run("deploy", "--dir", env, "--assembly", assembly.toString(), "--parameters", "ClusterName=apps")).as(err.toString()).isZero();
        assertThat(printed()).contains("Control plane: " + endpoint, "Apps (no changes)").doesNotContain("_IN_PROGRESS");

        assertThat(run("status", "--dir", env)).isZero();
        assertThat(printed()).contains("Apps", "5 resources", "Cluster apps:", "service api", "FARGATE", "desired 0, running 0");

        assertThat(run("destroy", "--dir", env)).as(err.toString()).isZero();
        assertThat(printed()).contains("DELETE_COMPLETE", "stopped the local environment");
        assertThat(new LocalEnvironment(work.resolve("env"), List.of("unused")).running()).isEmpty();
        assertThat(Files.readString(work.resolve("env/agents.json"))).doesNotContain("fleet-", "fargate-");
        assertThat(run("status", "--dir", env)).isZero();
        assertThat(printed()).contains("No local environment runs in " + env);
    }

    @Test
    void aMissingCdkJsonAndAnUnknownStackAreOneLineErrors() throws IOException {
        assertThat(run("deploy", "--dir", work.resolve("env").toString(), "--assembly", assembly().toString(), "Nope")).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("deploy: No stack named 'Nope' in ").endsWith("(stacks: Apps)")
                .doesNotContain("\n");
        assertThat(work.resolve("env/control-plane.json")).doesNotExist();
    }
}
