package dev.svcconnect.proxy.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The PKCS#10 request of a proxy's key pair ({@link dev.svcconnect.model.tls.KeyPairs#ecP256()}, made in memory, never written). */
public final class WorkloadKeys {

    private WorkloadKeys() {}

    /**
     * A PEM certificate request for {@code pair}, signed with its private key. Its subject only says
     * which task asks: the mesh CA decides the names of the certificate.
     */
    public static String certificateRequest(KeyPair pair, String requester) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(
                            new X500Name("CN=svc-connect " + requester.replaceAll("[^A-Za-z0-9 _-]", "")),
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(request);
            }
            return text.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot write a certificate request: " + e.getMessage(), e);
        }
    }
}
