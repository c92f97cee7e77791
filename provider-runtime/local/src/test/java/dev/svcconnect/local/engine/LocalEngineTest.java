package dev.svcconnect.local.engine;

import static dev.svcconnect.local.engine.Assemblies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.local.DeployException;
import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.engine.Assemblies.Stack;
import dev.svcconnect.local.state.OutputState;
import dev.svcconnect.local.state.ResourceState;
import dev.svcconnect.local.state.StackState;
import dev.svcconnect.provider.SvcConnectProvider;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against a real control plane, with hand-written templates. */
class LocalEngineTest {

    private static final String TASK = "'Task': {'Type': 'Custom::SvcConnectTaskDefinition', 'Properties': {"
            + "'Family': 'api', 'Cpu': '256', 'Memory': 512, 'NetworkMode': 'awsvpc', 'ContainerDefinitions': [{"
            + "'Name': 'app', 'Command': ['./api'], 'Essential': true, 'PortMappings': [{'Name': 'api',"
            + " 'ContainerPort': 8080, 'Protocol': 'tcp', 'AppProtocol': 'http'}]}]}}";

    @TempDir
    Path data;

    @TempDir
    Path assemblies;

    private EngineFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EngineFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Service first, namespace last: the engine orders by DependsOn and by references. */
    private static String app(String clusterName, String serviceCluster, String extra) {
        return json("{'Parameters': {'Env': {'Type': 'String', 'Default': 'dev'},"
                + " 'SvcConnectEndpoint': {'Type': 'String', 'Default': 'http://127.0.0.1:7700'}},"
                + " 'Conditions': {'IsProd': {'Fn::Equals': [{'Ref': 'Env'}, 'prod']}},"
                + " 'Resources': {"
                + "'Service': {'Type': 'Custom::SvcConnectService', 'DependsOn': 'Ns', 'Properties': {"
                + "  'ServiceToken': {'Fn::GetAtt': ['OnEvent', 'Arn']}, 'ServiceName': 'api',"
                + "  'Cluster': " + serviceCluster + ", 'TaskDefinition': {'Ref': 'Task'}, 'DesiredCount': 0,"
                + "  'LaunchType': 'EC2'}},"
                + "'Cluster': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': '" + clusterName
                + "',"
                + "  'ServiceConnectDefaults': {'Namespace': {'Fn::GetAtt': ['Ns', 'Name']}}}},"
                + TASK + ","
                + "'ProdOnly': {'Type': 'Custom::SvcConnectCluster', 'Condition': 'IsProd', 'Properties': {'ClusterName': 'prod'}},"
                + "'OnEvent': {'Type': 'AWS::Lambda::Function', 'Properties': {'Role': {'Fn::GetAtt': ['Role', 'Arn']}}},"
                + "'Role': {'Type': 'AWS::IAM::Role', 'Properties': {}},"
                + "'CDKMetadata': {'Type': 'AWS::CDK::Metadata', 'Properties': {'Analytics': 'v2:deflate64:x'}},"
                + extra
                + "'Ns': {'Type': 'Custom::SvcConnectNamespace', 'Properties': {'Name': 'internal'}}},"
                + " 'Outputs': {'ClusterName': {'Value': {'Ref': 'Cluster'},"
                + "   'Export': {'Name': {'Fn::Sub': '${AWS::StackName}-cluster'}}},"
                + "  'Env': {'Value': {'Fn::If': ['IsProd', 'production', {'Fn::Join': ['', ['not ', {'Ref': 'Env'}]]}]}}},"
                + " 'Rules': {'CheckBootstrapVersion': {'Assertions': []}}}");
    }

    private Path assembly(String name, Stack... stacks) {
        return Assemblies.write(assemblies.resolve(name), stacks);
    }

    private static List<String> lines(String printed, String status) {
        return printed.lines()
                .filter(l -> l.contains("| " + status))
                .map(l -> l.substring(l.lastIndexOf('|') + 2))
                .toList();
    }

    @Test
    void createsInDependencyOrderSkipsAwsOnlyTypesOnceAndPrintsOutputs() {
        Path v1 = assembly("v1", new Stack("Apps", app("apps", "{'Ref': 'Cluster'}", "")));

        StackState state = fixture.deploy(v1).get(0);

        String printed = fixture.printed();
        assertThat(lines(printed, "CREATE_COMPLETE")).containsExactly("Ns", "Cluster", "Task", "Service");
        assertThat(printed)
                .containsOnlyOnce("Skipped, as they only mean something on AWS: 1 x AWS::CDK::Metadata,"
                        + " 1 x AWS::IAM::Role, 1 x AWS::Lambda::Function; rules Apps.CheckBootstrapVersion")
                .contains("Apps | 4/4 |")
                .contains("Outputs:\nApps.ClusterName = apps\nApps.Env = not dev\n");
        assertThat(fixture.activeClusters()).containsExactly("apps");
        assertThat(state.resource("Service").physicalId())
                .isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/apps/api");
        assertThat(state.resource("ProdOnly")).isNull();
        assertThat(fixture.store.get("Apps")).contains(state);
    }

    @Test
    void aSecondDeployOfAnUnchangedAppChangesNothing() {
        Path v1 = assembly("v1", new Stack("Apps", app("apps", "{'Ref': 'Cluster'}", "")));
        StackState first = fixture.deploy(v1).get(0);
        fixture.printed();

        StackState second = fixture.deploy(v1).get(0);

        String printed = fixture.printed();
        assertThat(printed).doesNotContain("_IN_PROGRESS").contains(" ✅  Apps (no changes)");
        assertThat(second.resources()).isEqualTo(first.resources());
        assertThat(second.outputs()).isEqualTo(first.outputs());
    }

    @Test
    void aChangedNameReplacesDependentsAreUpdatedAndRemovedResourcesAreDeleted() {
        fixture.deploy(
                assembly(
                        "v1",
                        new Stack(
                                "Apps",
                                app(
                                        "apps",
                                        "{'Ref': 'Cluster'}",
                                        "'Extra': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': 'extra'}},"))));
        assertThat(fixture.activeClusters()).containsExactly("apps", "extra");
        fixture.printed();

        StackState state = fixture.deploy(assembly("v2", new Stack("Apps", app("apps2", "{'Ref': 'Cluster'}", ""))))
                .get(0);

        String printed = fixture.printed();
        assertThat(lines(printed, "UPDATE_COMPLETE"))
                .containsExactly(
                        "Cluster (replaced apps)",
                        "Service (replaced arn:aws:ecs:us-east-1:000000000000:service/apps/api)");
        assertThat(lines(printed, "DELETE_COMPLETE")).containsExactly("Extra", "Service", "Cluster");
        assertThat(fixture.activeClusters()).containsExactly("apps2");
        assertThat(state.resource("Service").physicalId())
                .isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/apps2/api");
        assertThat(state.resource("Extra")).isNull();
        assertThat(printed).contains("Apps.ClusterName = apps2");
    }

    @Test
    void aFailingResourceRollsTheStackBackToItsPreviousState() {
        StackState before = fixture.deploy(assembly("v1", new Stack("Apps", app("apps", "{'Ref': 'Cluster'}", ""))))
                .get(0);
        fixture.printed();

        Path broken = assembly(
                "v2",
                new Stack(
                        "Apps",
                        app(
                                "apps",
                                "{'Ref': 'More'}",
                                "'More': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': 'more'}},"
                                        + "'Broken': {'Type': 'Custom::SvcConnectService', 'DependsOn': 'Service', 'Properties': {"
                                        + "'ServiceName': 'broken', 'Cluster': 'nope', 'TaskDefinition': {'Ref': 'Task'}, 'DesiredCount': 0}},")));
        assertThatThrownBy(() -> fixture.deploy(broken))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("Stack Apps failed and was rolled back to its previous state: resource Broken"
                        + " (Custom::SvcConnectService): Create was rejected by the control plane")
                .hasMessageEndingWith("ClusterNotFoundException: Cluster not found: nope.");

        String printed = fixture.printed();
        assertThat(printed).contains("Apps: UPDATE_ROLLBACK_IN_PROGRESS", "Apps: UPDATE_ROLLBACK_COMPLETE");
        assertThat(lines(printed, "DELETE_COMPLETE")).containsExactly("Service", "More");
        assertThat(fixture.activeClusters()).containsExactly("apps");
        assertThat(fixture.store.get("Apps")).contains(before);
        assertThat(fixture.controlPlane
                        .ecs()
                        .describeServices(b -> b.cluster("apps").services("api"))
                        .services())
                .extracting(s -> s.status())
                .containsExactly("ACTIVE");
    }

    @Test
    void aFailingFirstDeployLeavesNothing() {
        Path broken = assembly(
                "v1",
                new Stack(
                        "Apps",
                        json(
                                "{'Resources': {"
                                        + "'Cluster': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': 'apps'}},"
                                        + "'Service': {'Type': 'Custom::SvcConnectService', 'Properties': {'ServiceName': 'api',"
                                        + " 'Cluster': {'Fn::Join': ['', [{'Ref': 'Cluster'}, '-typo']]}, 'TaskDefinition': 'api:1'}}}}")));

        assertThatThrownBy(() -> fixture.deploy(broken))
                .hasMessageStartingWith(
                        "Stack Apps failed and was rolled back (nothing of it is left): resource Service");

        assertThat(fixture.printed()).contains("Apps: ROLLBACK_COMPLETE");
        assertThat(fixture.activeClusters()).isEmpty();
        assertThat(fixture.store.get("Apps")).isEmpty();
    }

    @Test
    void anExportIsImportedByADependentStackAndProtectedWhileInUse() {
        String shared = json("{'Resources': {'Cluster': {'Type': 'Custom::SvcConnectCluster',"
                + " 'Properties': {'ClusterName': 'shared'}}},"
                + " 'Outputs': {'Name': {'Value': {'Ref': 'Cluster'}, 'Export': {'Name': 'shared-cluster'}}}}");
        String consumer = json("{'Resources': {" + TASK + ", 'Service': {'Type': 'Custom::SvcConnectService',"
                + " 'Properties': {'ServiceName': 'api', 'Cluster': {'Fn::ImportValue': 'shared-cluster'},"
                + " 'TaskDefinition': {'Ref': 'Task'}, 'DesiredCount': 0}}}}");
        Path v1 = assembly("v1", new Stack("Consumer", consumer, List.of("Shared")), new Stack("Shared", shared));

        List<StackState> deployed = fixture.deploy(v1, "Consumer");

        assertThat(deployed).extracting(StackState::stackName).containsExactly("Shared", "Consumer");
        assertThat(deployed.get(1).imports()).containsExactly("shared-cluster");
        assertThat(deployed.get(1).resource("Service").physicalId())
                .isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/shared/api");

        Path renamed = assembly("v2", new Stack("Shared", shared.replace("\"shared\"}", "\"shared2\"}")));
        assertThatThrownBy(() -> fixture.deploy(renamed))
                .hasMessageEndingWith("Export shared-cluster cannot be changed or removed: stack Consumer imports it");
        assertThat(fixture.activeClusters()).containsExactly("shared");
        assertThatThrownBy(() -> fixture.engine.destroy(List.of("Shared")))
                .hasMessage(
                        "Cannot delete Shared: stack Consumer imports its exports; delete that stack too, or first");

        assertThat(fixture.engine.destroy(List.of())).containsExactly("Consumer", "Shared");
        assertThat(fixture.activeClusters()).isEmpty();
        assertThat(fixture.store.list()).isEmpty();
    }

    @Test
    void anUnknownResourceTypeFailsBeforeAnythingIsApplied() {
        Path v1 = assembly(
                "v1",
                new Stack(
                        "Apps",
                        json("{'Resources': {"
                                + "'Cluster': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': 'apps'}},"
                                + "'Bucket': {'Type': 'AWS::S3::Bucket'}}}")));

        assertThatThrownBy(() -> fixture.deploy(v1))
                .hasMessageStartingWith("Stack Apps: resource Bucket has type"
                        + " AWS::S3::Bucket, which svc-connect deploy cannot apply on this machine (it applies"
                        + " Custom::SvcConnectNamespace, ");
        assertThat(fixture.activeClusters()).isEmpty();
    }

    @Test
    void aParameterValueTurnsAConditionalResourceOnAndItsDefaultTurnsItOffAgain() {
        Path v1 = assembly("v1", new Stack("Apps", app("apps", "{'Ref': 'Cluster'}", "")));
        LocalEngine prod = new LocalEngine(
                new SvcConnectProvider(fixture.controlPlane),
                fixture.store,
                Map.of("Env", "prod"),
                Duration.ofSeconds(20),
                new Progress(new PrintStream(OutputStream.nullOutputStream())),
                ResourceListener.NONE);

        StackState production = prod.deploy(CloudAssembly.read(v1).stacks()).get(0);
        assertThat(production.resource("ProdOnly").physicalId()).isEqualTo("prod");
        assertThat(production.outputs()).extracting(OutputState::value).containsExactly("apps", "production");
        assertThat(fixture.activeClusters()).containsExactly("apps", "prod");

        StackState development = fixture.deploy(v1).get(0);
        assertThat(lines(fixture.printed(), "DELETE_COMPLETE")).containsExactly("ProdOnly");
        assertThat(development.resource("ProdOnly")).isNull();
        assertThat(development.parameters()).containsEntry("Env", "dev");
        assertThat(fixture.activeClusters()).containsExactly("apps");
    }

    @Test
    void aParameterWithoutDefaultOrValueIsNamed() {
        Path v1 = assembly(
                "v1",
                new Stack(
                        "Apps",
                        json(
                                "{'Parameters': {'Size': {'Type': 'Number'}}, 'Resources': {"
                                        + "'Cluster': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': {'Ref': 'Size'}}}}}")));

        assertThatThrownBy(() -> fixture.deploy(v1))
                .hasMessage("Stack Apps: parameter Size has no Default; give it a value with --parameters Size=VALUE");
    }

    @Test
    void aCycleAndAMissingDependencyAreNamed() {
        Path cycle = assembly(
                "cycle",
                new Stack(
                        "Apps",
                        json(
                                "{'Resources': {"
                                        + "'A': {'Type': 'Custom::SvcConnectCluster', 'DependsOn': 'B', 'Properties': {'ClusterName': 'a'}},"
                                        + "'B': {'Type': 'Custom::SvcConnectCluster', 'Properties': {'ClusterName': {'Ref': 'A'}}}}}")));
        assertThatThrownBy(() -> fixture.deploy(cycle))
                .hasMessage("Stack Apps: circular dependency between resources: A -> B -> A");

        Path missing = assembly(
                "missing",
                new Stack(
                        "Apps",
                        json(
                                "{'Resources': {"
                                        + "'A': {'Type': 'Custom::SvcConnectCluster', 'DependsOn': 'Gone', 'Properties': {'ClusterName': 'a'}}}}")));
        assertThatThrownBy(() -> fixture.deploy(missing))
                .hasMessage("Stack Apps: resource A DependsOn 'Gone', which is not a resource of the template");
    }

    @Test
    void theRecordListsEveryResourceWithItsDependencies() {
        StackState state = fixture.deploy(assembly("v1", new Stack("Apps", app("apps", "{'Ref': 'Cluster'}", ""))))
                .get(0);

        assertThat(state.resources())
                .extracting(ResourceState::logicalId)
                .containsExactly("Ns", "Role", "OnEvent", "Cluster", "Task", "Service", "CDKMetadata");
        assertThat(state.resource("Service").dependencies()).containsExactly("Ns", "OnEvent", "Cluster", "Task");
        assertThat(state.resource("OnEvent").skipped()).isTrue();
    }
}
