package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.model.Json;
import dev.svcconnect.testsupport.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning a checked configuration against a real store and Cloud Map registry. */
class ServiceConnectProvisionerTest {

    @TempDir
    Path data;

    private final ResourceNames names =
            new ResourceNames("000000000000", "us-east-1", new TestClock(Instant.parse("2026-12-01T10:00:00Z")));
    private final CloudMap cloudMap = new CloudMap(names);
    private final ServiceConnectProvisioner provisioner = new ServiceConnectProvisioner(cloudMap);
    private Store store;
    private String namespaceId;

    @BeforeEach
    void start() {
        store = Store.open(data);
        namespaceId = store.write(tx -> {
            cloudMap.createHttpNamespace(tx, "us-east-1", "local", null, null);
            return cloudMap.namespaceByName(tx, "us-east-1", "local")
                    .orElseThrow()
                    .get("Id")
                    .asText();
        });
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private ServiceConnectValidator.Checked checked(String services) throws Exception {
        ObjectNode configuration = (ObjectNode) Json.mapper().readTree("{\"services\": " + services + "}");
        return new ServiceConnectValidator.Checked(configuration, namespaceId);
    }

    @Test
    void eachDiscoveryNameGetsACloudMapServiceInEntryOrder() throws Exception {
        ServiceConnectValidator.Checked checked = checked("""
                [{"portName": "http", "discoveryName": "api"}, {"portName": "admin", "discoveryName": "api-admin"}]
                """);

        ResolvedServiceConnect resolved = store.write(tx -> provisioner.provision(tx, checked));

        assertThat(resolved.configuration()).isSameAs(checked.configuration());
        assertThat(resolved.resources()).hasSize(2);
        assertThat(resolved.resources().get(0).get("discoveryName").asText()).isEqualTo("api");
        assertThat(resolved.resources().get(1).get("discoveryName").asText()).isEqualTo("api-admin");
        store.read(tx -> {
            assertThat(cloudMap.serviceByName(tx, namespaceId, "api")
                            .orElseThrow()
                            .get("Arn")
                            .asText())
                    .isEqualTo(resolved.resources().get(0).get("discoveryArn").asText());
            return null;
        });
    }

    @Test
    void aDiscoveryNameProvisionedAgainReusesItsCloudMapService() throws Exception {
        ServiceConnectValidator.Checked checked = checked("[{\"portName\": \"http\", \"discoveryName\": \"api\"}]");

        ResolvedServiceConnect first = store.write(tx -> provisioner.provision(tx, checked));
        ResolvedServiceConnect second = store.write(tx -> provisioner.provision(tx, checked));

        assertThat(second.resources()).isEqualTo(first.resources());
    }

    @Test
    void clientAliasesGetAddressesIn127Dot255OncePerNamespace() throws Exception {
        ServiceConnectValidator.Checked checked = checked("""
                [{"portName": "http", "discoveryName": "api",
                  "clientAliases": [{"port": 80, "dnsName": "api.local"}]},
                 {"portName": "grpc", "discoveryName": "rpc",
                  "clientAliases": [{"port": 9090, "dnsName": "rpc.local"}]}]
                """);

        store.write(tx -> provisioner.provision(tx, checked));
        store.write(tx -> provisioner.provision(tx, checked));

        store.read(tx -> {
            assertThat(tx.list(Table.ALIAS_ADDRESSES, namespaceId))
                    .extracting(a ->
                            a.get("dnsName").asText() + "=" + a.get("address").asText())
                    .containsExactly("api.local=127.255.0.1", "rpc.local=127.255.0.2");
            return null;
        });
    }
}
