package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {

    private static final String ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";

    @TempDir
    Path data;

    @Test
    void aNewHttpNamespaceHasTheShapeGetNamespaceAnswers() throws Exception {
        Namespace namespace = Namespace.createHttp("ns-1", ARN, "shop", null, 12.5, "req-1");

        assertThat(namespace.json()).isEqualTo(Json.mapper().readTree("""
                        {"Id": "ns-1", "Arn": "%s", "Name": "shop", "Type": "HTTP",
                         "Properties": {"HttpProperties": {"HttpName": "shop"}},
                         "CreateDate": 12.5, "CreatorRequestId": "req-1"}
                        """.formatted(ARN)));
        assertThat(namespace.description()).isNull();
    }

    @Test
    void anUpdateIsAnsweredAgainOnlyForTheSameUpdaterRequestId() {
        Namespace namespace = Namespace.createHttp("ns-1", ARN, "shop", "old", 0, null);
        assertThat(namespace.updateOperation("u-1")).isEmpty();

        namespace.description("new").updatedBy("u-1", "op-1");

        assertThat(namespace.description()).isEqualTo("new");
        assertThat(namespace.updateOperation("u-1")).contains("op-1");
        assertThat(namespace.updateOperation("u-2")).isEmpty();
        assertThat(namespace.updateOperation(null)).isEmpty();
    }

    @Test
    void aSavedNamespaceIsFoundByIdArnAndNameAndCountsItsServices() {
        Namespace namespace = Namespace.createHttp("ns-1", ARN, "shop", null, 0, null);
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                namespace.save(tx);
                DiscoveryService.create(
                                "srv-1",
                                "arn:srv-1",
                                "web",
                                "ns-1",
                                Json.mapper().createObjectNode(),
                                0,
                                null,
                                1)
                        .save(tx);
                return null;
            });

            store.read(tx -> {
                assertThat(Namespace.find(tx, "ns-1")).contains(namespace);
                assertThat(Namespace.find(tx, ARN)).contains(namespace);
                assertThat(Namespace.named(tx, "us-east-1", "shop")).contains(namespace);
                assertThat(Namespace.findByNameOrId(tx, "us-east-1", "shop")).contains(namespace);
                assertThat(Namespace.findByNameOrId(tx, "us-east-1", ARN)).contains(namespace);
                assertThat(Namespace.findByNameOrId(tx, "us-east-1", "ns-9")).isEmpty();
                assertThat(Namespace.all(tx)).containsExactly(namespace);
                assertThat(namespace.answer(tx).get("ServiceCount").asInt()).isEqualTo(1);
                assertThat(namespace.json().has("ServiceCount")).isFalse();
                return null;
            });
        }
    }

    @Test
    void theNamespaceOfAServiceIsTheOneOfItsPrimaryDeployment() throws Exception {
        Namespace namespace = Namespace.createHttp("ns-1", ARN, "shop", null, 0, null);
        Service withServiceConnect = Service.of(
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree("""
                        {"deployments": [{"id": "d-2", "serviceConnectConfiguration": {"namespace": "%s"}},
                                         {"id": "d-1"}]}
                        """.formatted(ARN)));
        Service without = Service.of((com.fasterxml.jackson.databind.node.ObjectNode)
                Json.mapper().readTree("{\"deployments\": [{\"id\": \"d-1\"}]}"));
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                namespace.save(tx);
                return null;
            });

            store.read(tx -> {
                assertThat(Namespace.ofService(tx, withServiceConnect)).contains(namespace);
                assertThat(Namespace.ofService(tx, without)).isEmpty();
                return null;
            });
        }
    }

    @Test
    void deletingANamespaceDeletesItsAliasAddresses() {
        Namespace namespace = Namespace.createHttp("ns-1", ARN, "shop", null, 0, null);
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                namespace.save(tx);
                AliasAddress.create("ns-1", "web.shop", "127.255.0.1").save(tx);
                AliasAddress.create("ns-2", "web.other", "127.255.0.1").save(tx);
                return null;
            });

            store.write(tx -> {
                namespace.delete(tx);
                return null;
            });

            store.read(tx -> {
                assertThat(Namespace.all(tx)).isEmpty();
                assertThat(AliasAddress.inNamespace(tx, "ns-1")).isEmpty();
                assertThat(AliasAddress.inNamespace(tx, "ns-2"))
                        .extracting(AliasAddress::dnsName)
                        .containsExactly("web.other");
                return null;
            });
        }
    }
}
