package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLocationTest {

    @TempDir
    Path directory;

    @Test
    void noStoreOrSqliteIsTheFileOfTheDataDirectory() {
        assertThat(StoreLocation.parse(null, null, Map.of()).isSqlite()).isTrue();
        assertThat(StoreLocation.parse("sqlite", null, Map.of())).isEqualTo(StoreLocation.SQLITE);
    }

    @Test
    void aPostgresqlUrlGivesItsUserAndPasswordApartFromTheUrl() {
        StoreLocation location = StoreLocation.parse(
                "jdbc:postgresql://db:5432/svcc?user=svcc&password=s3cret&sslmode=require", null, Map.of());

        assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/svcc?sslmode=require");
        assertThat(location.user()).isEqualTo("svcc");
        assertThat(location.password()).isEqualTo("s3cret");
        assertThat(location.describe())
                .isEqualTo("postgresql://db:5432/svcc?sslmode=require (user svcc)")
                .doesNotContain("s3cret");
        assertThat(location.toString()).doesNotContain("s3cret");
    }

    @Test
    void thePasswordComesFromTheUrlElseTheFileElsePgpassword() throws Exception {
        Path file = Files.writeString(directory.resolve("password"), "from-file\n");
        Map<String, String> environment = Map.of("PGPASSWORD", "from-env");
        String url = "jdbc:postgresql://db/svcc?user=svcc";

        assertThat(StoreLocation.parse(url + "&password=p", file, environment).password())
                .isEqualTo("p");
        assertThat(StoreLocation.parse(url, file, environment).password()).isEqualTo("from-file");
        assertThat(StoreLocation.parse(url, null, environment).password()).isEqualTo("from-env");
        assertThat(StoreLocation.parse(url, null, Map.of()).password()).isNull();
    }

    @Test
    void anythingElseIsRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> StoreLocation.parse("mysql://db/svcc", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--store: 'mysql://db/svcc' (expected: sqlite, or"
                        + " jdbc:postgresql://HOST:PORT/DB?user=USER[&password=PASSWORD])");
        assertThatThrownBy(() -> StoreLocation.parse("jdbc:postgresql://db/svcc", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no user");
    }
}
