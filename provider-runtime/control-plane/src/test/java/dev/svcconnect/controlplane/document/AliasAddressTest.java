package dev.svcconnect.controlplane.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasAddressTest {

    @TempDir
    Path data;

    @Test
    void aTaskWithAnAliasPrefixGetsTheAddressUnderItsPrefix() {
        AliasAddress alias = AliasAddress.create("ns-1", "web.shop", "127.255.1.2");

        assertThat(alias.addressUnder(null)).isEqualTo("127.255.1.2");
        assertThat(alias.addressUnder("127.3")).isEqualTo("127.3.1.2");
    }

    @Test
    void aSavedAddressIsFoundByNamespaceAndDnsName() {
        AliasAddress alias = AliasAddress.create("ns-1", "web.shop", "127.255.0.1");
        try (Store store = Store.open(data)) {
            store.write(tx -> {
                alias.save(tx);
                return null;
            });

            store.read(tx -> {
                assertThat(AliasAddress.find(tx, "ns-1", "web.shop")).contains(alias);
                assertThat(AliasAddress.find(tx, "ns-2", "web.shop")).isEmpty();
                assertThat(AliasAddress.inNamespace(tx, "ns-1"))
                        .singleElement()
                        .satisfies(a -> assertThat(a.address()).isEqualTo("127.255.0.1"));
                return null;
            });
        }
    }
}
