package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ClusterTest {

    @Test
    void rendersTheNameAndTheDefaultNamespaceAsServiceConnectDefaults() {
        Stack stack = Apps.stack();
        Cluster cluster =
                Cluster.Builder.create(stack, "Cluster").clusterName("apps").build();
        cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectCluster",
                Map.of("ClusterName", "apps", "ServiceConnectDefaults", Map.of("Namespace", "internal")));
        template.hasResourceProperties("Custom::SvcConnectNamespace", Map.of("Name", "internal"));
        template.hasResource("Custom::SvcConnectCluster", Map.of("DependsOn", List.of(logicalIdOfNamespace(template))));
    }

    @Test
    void withoutANameOrNamespaceRendersNeither() {
        Stack stack = Apps.stack();
        new Cluster(stack, "Cluster");

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectCluster",
                        Map.of(
                                "ClusterName", Match.absent(),
                                "ServiceConnectDefaults", Match.absent()));
    }

    @Test
    void acceptsAnExistingNamespaceAsDefault() {
        Stack stack = Apps.stack();
        INamespace shared = Namespace.fromNamespaceName(stack, "Shared", "shared");
        Cluster.Builder.create(stack, "Cluster").defaultNamespace(shared).build();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectCluster", Map.of("ServiceConnectDefaults", Map.of("Namespace", "shared")));
    }

    @Test
    void addsTheDefaultNamespaceOnlyOnce() {
        Stack stack = Apps.stack();
        Cluster cluster = Apps.clusterWithNamespace(stack);

        assertThatThrownBy(() -> cluster.addDefaultNamespace(
                        NamespaceProps.builder().name("other").build()))
                .hasMessage("Can only add default namespace once.");
    }

    @Test
    void rejectsAClusterNameWithSpaces() {
        Stack stack = Apps.stack();

        assertThatThrownBy(() -> Cluster.Builder.create(stack, "Cluster")
                        .clusterName("my apps")
                        .build())
                .hasMessage("clusterName: 'my apps' (expected: 1-255 of A-Z, a-z, 0-9, '_' and '-')");
    }

    @Test
    void hostFleetRendersItsCapacityAndClusterReference() {
        Stack stack = Apps.stack();
        Cluster cluster = new Cluster(stack, "Cluster");
        cluster.addHostFleet(
                "Hosts",
                HostFleetProps.builder().count(3).cpu(2048).memory(4096).build());

        Template template = Apps.template(stack);
        template.hasResourceProperties(
                "Custom::SvcConnectHostFleet",
                Map.of(
                        "Cluster",
                        Map.of("Ref", logicalIdOf(template, "Custom::SvcConnectCluster")),
                        "Count",
                        3,
                        "Cpu",
                        2048,
                        "Memory",
                        4096));
    }

    @Test
    void hostFleetDefaultsToOneHostOfDetectedCapacity() {
        Stack stack = Apps.stack();
        new Cluster(stack, "Cluster")
                .addHostFleet("Hosts", HostFleetProps.builder().build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectHostFleet",
                        Map.of("Count", 1, "Cpu", Match.absent(), "Memory", Match.absent()));
    }

    @Test
    void hostFleetRejectsANegativeCount() {
        Cluster cluster = new Cluster(Apps.stack(), "Cluster");

        assertThatThrownBy(() -> cluster.addHostFleet(
                        "Hosts", HostFleetProps.builder().count(-1).build()))
                .hasMessage("count: -1 (expected: 0 or more)");
    }

    static String logicalIdOfNamespace(Template template) {
        return logicalIdOf(template, "Custom::SvcConnectNamespace");
    }

    static String logicalIdOf(Template template, String type) {
        return template.findResources(type).keySet().iterator().next();
    }
}
