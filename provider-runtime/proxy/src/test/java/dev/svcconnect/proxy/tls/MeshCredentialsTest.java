package dev.svcconnect.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.proxy.support.OpensslCa;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials of PEM files, as {@code svc-connect proxy --config F --mesh-cert --mesh-key --mesh-trust} reads them. */
class MeshCredentialsTest {

    private static final WorkloadIdentity WEB = WorkloadIdentity.of("svc-connect.local", "ns1", "web");

    @TempDir
    Path directory;

    @Test
    void theIdentitiesAreTheCertificatesSpiffeIds() {
        OpensslCa ca = OpensslCa.create(directory, "files CA");
        MeshCredentials issued = ca.issue(WEB);
        Path[] files = ca.lastFiles();

        MeshCredentials read = MeshCredentials.read(files[0], files[1], ca.certificateFile());

        assertThat(read.identities()).containsExactly(WEB);
        assertThat(read.chain()).isEqualTo(issued.chain());
        assertThat(read.key().getEncoded()).isEqualTo(issued.key().getEncoded());
        assertThat(MeshTls.of(read).trustDomain()).isEqualTo("svc-connect.local");
    }

    @Test
    void aFileWithoutWhatItShouldHoldIsNamed() throws Exception {
        OpensslCa ca = OpensslCa.create(directory, "files CA");
        ca.issue(WEB);
        Path[] files = ca.lastFiles();
        Path empty = Files.writeString(directory.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> MeshCredentials.read(files[0], empty, ca.certificateFile()))
                .hasMessage(empty + ": holds no private key (expected: an unencrypted PEM PRIVATE KEY, PKCS#8)");
        assertThatThrownBy(() -> MeshCredentials.read(ca.certificateFile(), files[1], ca.certificateFile()))
                .hasMessageStartingWith(ca.certificateFile() + ": the certificate names no SPIFFE ID");
        assertThatThrownBy(() -> MeshCredentials.read(files[0], files[1], empty))
                .hasMessageContaining(empty.toString());
    }
}
