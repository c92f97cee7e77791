package dev.svcconnect.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** A sidecar's key rides in the control plane's URL inside the process, and is sent only as a header. */
class ControlPlaneKeyTest {

    @Test
    void aKeyBecomesABearerHeaderAndLeavesTheUrlThatIsCalled() {
        URI keyed = ControlPlaneKey.with(URI.create("http://127.0.0.1:7700"), "SVCCABC:s3cret");
        assertThat(ControlPlaneKey.authorization(keyed)).isEqualTo("Bearer SVCCABC:s3cret");
        assertThat(ControlPlaneKey.withoutKey(keyed)).hasToString("http://127.0.0.1:7700");
    }

    @Test
    void everyReplicaCarriesTheKeyAndEachRequestSendsItAsAHeaderOnly() {
        ControlPlaneEndpoints replicas = ControlPlaneKey.with(
                ControlPlaneEndpoints.parse("--control-plane", "http://10.0.0.1:7700,http://10.0.0.2:7700"),
                "SVCCABC:s3cret");

        for (URI replica : replicas.all()) {
            HttpRequest request = ControlPlaneKey.request(replica, "/watch/v1/tasks/abc/proxy-config?waitSeconds=30")
                    .build();
            assertThat(request.uri().toString())
                    .startsWith(ControlPlaneKey.withoutKey(replica).toString())
                    .doesNotContain("s3cret");
            assertThat(request.headers().firstValue("Authorization")).contains("Bearer SVCCABC:s3cret");
        }
        assertThat(replicas.all()).extracting(URI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void withoutAKeyNothingChanges() {
        URI plain = URI.create("http://127.0.0.1:7700");
        assertThat(ControlPlaneKey.with(plain, null)).isSameAs(plain);
        assertThat(ControlPlaneKey.with(plain, " ")).isSameAs(plain);
        assertThat(ControlPlaneKey.authorization(plain)).isNull();
        assertThat(ControlPlaneKey.withoutKey(plain)).isSameAs(plain);
        assertThat(ControlPlaneKey.request(plain, "/health").build().headers().firstValue("Authorization"))
                .isEmpty();
    }
}
