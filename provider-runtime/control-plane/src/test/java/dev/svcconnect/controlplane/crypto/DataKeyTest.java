package dev.svcconnect.controlplane.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyTest {

    @TempDir
    Path data;

    @Test
    void aSealedValueOpensWithTheSameKeyAndContextAndDoesNotShowThePlaintext() {
        DataKey key = DataKey.open(data);

        String sealed = key.seal("s3cret value", "ssm-parameter:/db/password");

        assertThat(sealed).doesNotContain("s3cret");
        assertThat(key.open(sealed, "ssm-parameter:/db/password")).isEqualTo("s3cret value");
        assertThat(key.seal("s3cret value", "ssm-parameter:/db/password")).isNotEqualTo(sealed);
    }

    @Test
    void theKeyIsCreatedOnceOwnerOnlyAndReadBackByTheNextControlPlane() throws Exception {
        String sealed = DataKey.open(data).seal("v", "c");

        Path file = data.resolve(DataKey.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(DataKey.open(data).open(sealed, "c")).isEqualTo("v");
    }

    @Test
    void aValueMovedToAnotherContextOrAlteredOrFromAnotherKeyDoesNotOpen(@TempDir Path other) {
        DataKey key = DataKey.open(data);
        String sealed = key.seal("v", "credential:AKIA1");

        assertThatThrownBy(() -> key.open(sealed, "credential:AKIA2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open with this data key");
        char[] altered = sealed.toCharArray();
        altered[20] = altered[20] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> key.open(new String(altered), "credential:AKIA1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DataKey.open(other).open(sealed, "credential:AKIA1"))
                .isInstanceOf(IllegalStateException.class);
    }
}
