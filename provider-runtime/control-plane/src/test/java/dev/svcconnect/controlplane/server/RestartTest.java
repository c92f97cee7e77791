package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/** Whatever the API acknowledged is there after a restart on the same data directory. */
class RestartTest {

    @TempDir
    Path data;

    /** Creates one of everything the store holds: cluster, namespace, task definition, service, tasks, instance. */
    private void populate(URI endpoint) {
        var admin = ControlPlaneFixture.adminOf(data);
        try (EcsClient ecs = ControlPlaneFixture.ecs(endpoint, admin);
                ServiceDiscoveryClient cloudMap = ControlPlaneFixture.cloudMap(endpoint, admin)) {
            SdkClients.cluster(ecs, "svc-cluster-2", "svc-namespace");
            SdkClients.taskDefinition(ecs, "webui", "webui-port", 8080, "http");
            SdkClients.scService(
                    ecs, "svc-cluster-2", "webui", "webui", "webui-port", "webui-svc", "webui-svc-domain", 80, 2);
            String serviceId = cloudMap.listServices(b -> {}).services().get(0).id();
            cloudMap.registerInstance(b -> b.serviceId(serviceId)
                    .instanceId("i-1")
                    .attributes(Map.of("AWS_INSTANCE_IPV4", "10.0.0.1", "AWS_INSTANCE_PORT", "8080")));
        }
    }

    private void assertEverythingIsBack() {
        try (ControlPlaneFixture fixture = new ControlPlaneFixture(data)) {
            assertThat(fixture.ecs.listClusters(b -> {}).clusterArns())
                    .containsExactly("arn:aws:ecs:us-east-1:000000000000:cluster/svc-cluster-2");
            assertThat(fixture.cloudMap.listNamespaces(b -> {}).namespaces())
                    .singleElement()
                    .satisfies(ns -> assertThat(ns.name()).isEqualTo("svc-namespace"));
            assertThat(fixture.ecs
                            .describeTaskDefinition(b -> b.taskDefinition("webui"))
                            .taskDefinition()
                            .revision())
                    .isEqualTo(1);
            var service = fixture.ecs
                    .describeServices(b -> b.cluster("svc-cluster-2").services("webui"))
                    .services()
                    .get(0);
            assertThat(service.status()).isEqualTo("ACTIVE");
            assertThat(service.deployments()
                            .get(0)
                            .serviceConnectResources()
                            .get(0)
                            .discoveryName())
                    .isEqualTo("webui-svc");
            assertThat(fixture.ecs.listTasks(b -> b.cluster("svc-cluster-2")).taskArns())
                    .hasSize(2);
            assertThat(fixture.cloudMap
                            .discoverInstances(
                                    b -> b.namespaceName("svc-namespace").serviceName("webui-svc"))
                            .instances())
                    .singleElement()
                    .satisfies(i -> assertThat(i.instanceId()).isEqualTo("i-1"));
            long revision = fixture.server.revision();
            assertThat(revision).isPositive();
            SdkClients.taskDefinition(fixture.ecs, "webui", "webui-port", 8080, "http");
            assertThat(fixture.server.revision()).isEqualTo(revision + 1);
        }
    }

    @Test
    void aCleanStopLosesNothing() {
        try (ControlPlaneServer server = ControlPlaneServer.start(
                ControlPlaneConfig.builder().port(0).dataDirectory(data).build())) {
            populate(server.endpoint());
        }

        assertEverythingIsBack();
    }

    @Test
    void killMinus9LosesNothingThatWasAcknowledged() throws Exception {
        ControlPlaneProcess.Started started = ControlPlaneProcess.start(data);
        try {
            populate(started.endpoint());
        } finally {
            started.process().destroyForcibly();
            assertThat(started.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(started.process().exitValue()).isEqualTo(137);

        assertEverythingIsBack();
    }
}
