package dev.svcconnect.local.engine;

import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.local.assembly.CloudAssembly;
import dev.svcconnect.local.state.StackState;
import dev.svcconnect.local.state.StackStore;
import dev.svcconnect.provider.ControlPlane;
import dev.svcconnect.provider.SvcConnectProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A real control plane on port 0 with a temporary store, and an engine whose progress is captured. */
final class EngineFixture implements AutoCloseable {

    final ControlPlaneServer server;
    final ControlPlane controlPlane;
    final StackStore store;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final LocalEngine engine;

    EngineFixture(Path data) {
        server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build());
        controlPlane = ControlPlane.connect(
                server.endpoint().toString(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.adminCredentials().accessKeyId(),
                        server.adminCredentials().secretAccessKey())));
        store = new StackStore(server.endpoint());
        engine = new LocalEngine(
                new SvcConnectProvider(controlPlane),
                store,
                Map.of("SvcConnectEndpoint", server.endpoint().toString()),
                Duration.ofSeconds(20),
                new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8)),
                ResourceListener.NONE);
    }

    List<StackState> deploy(Path assembly, String... stacks) {
        return engine.deploy(CloudAssembly.read(assembly).select(List.of(stacks)));
    }

    /** What was printed since the last call. */
    String printed() {
        String text = printed.toString(StandardCharsets.UTF_8);
        printed.reset();
        return text;
    }

    List<String> activeClusters() {
        return controlPlane.ecs().listClusters().clusterArns().stream()
                .flatMap(arn -> controlPlane.ecs().describeClusters(b -> b.clusters(arn)).clusters().stream())
                .filter(c -> "ACTIVE".equals(c.status()))
                .map(c -> c.clusterName())
                .sorted()
                .toList();
    }

    List<String> namespaces() {
        return controlPlane.cloudMap().listNamespaces().namespaces().stream()
                .map(n -> n.name())
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        controlPlane.close();
        server.close();
    }
}
