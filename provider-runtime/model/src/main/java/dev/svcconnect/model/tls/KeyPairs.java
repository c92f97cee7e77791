package dev.svcconnect.model.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The one kind of key pair svc-connect makes, for its CAs and its proxies alike: ECDSA P-256. */
public final class KeyPairs {

    private KeyPairs() {}

    /** A new ECDSA P-256 (secp256r1) key pair, from the JDK's provider. */
    public static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an EC P-256 key: " + e.getMessage(), e);
        }
    }
}
