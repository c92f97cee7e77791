package dev.svcconnect.constructs;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Small building blocks of the construct tests. */
final class Apps {

    private Apps() {}

    /** A stack {@code Test} in a new app. */
    static Stack stack() {
        return new Stack(new App(), "Test");
    }

    /** A cluster with the default namespace {@code internal}. */
    static Cluster clusterWithNamespace(Stack stack) {
        Cluster cluster = new Cluster(stack, "Cluster");
        cluster.addDefaultNamespace(NamespaceProps.builder().name("internal").build());
        return cluster;
    }

    /** A task definition with one container offering {@code mappings}. */
    static TaskDefinition task(Stack stack, String id, PortMapping... mappings) {
        TaskDefinition task = new TaskDefinition(stack, id);
        task.addContainer(
                "app",
                ContainerDefinitionOptions.builder()
                        .command(List.of("./run"))
                        .portMappings(List.of(mappings))
                        .build());
        return task;
    }

    /** A named port mapping, HTTP when {@code protocol} is given, TCP otherwise. */
    static PortMapping port(String name, int containerPort, AppProtocol protocol) {
        return PortMapping.builder()
                .name(name)
                .containerPort(containerPort)
                .appProtocol(protocol)
                .build();
    }

    /** The template of {@code stack}. */
    static Template template(Stack stack) {
        return Template.fromStack(stack);
    }
}
