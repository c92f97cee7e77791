package dev.svcconnect.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's asset cache holds the assets that exist and nothing for the names that do not. */
class StaticAssetsTest {

    private final StaticAssets assets = new StaticAssets();

    @Test
    void missesAreNotKept() {
        for (int i = 0; i < 1000; i++) {
            assertThat(assets.find("missing-" + i + ".js")).isEmpty();
        }

        assertThat(assets.cached()).isZero();
    }

    @Test
    void aRealAssetIsReadOnceAndKept() {
        assertThat(assets.find("index.html")).hasValueSatisfying(asset -> {
            assertThat(asset.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(asset.body()).isNotEmpty();
        });
        assertThat(assets.find("index.html")).isPresent();

        assertThat(assets.cached()).isEqualTo(1);
    }
}
