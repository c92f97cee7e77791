package dev.svcconnect.controlplane.tls;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.tls.KeyPairs;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A certificate authority: its certificate and private key. {@link #create} makes a new one;
 * {@link #issue} signs a certificate for a set of names, each an IP address or a DNS name, usable
 * by a server and by a client (so that one certificate also serves mutual TLS).
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create("svc-connect CA", Duration.ofDays(3650), Clock.systemUTC());
 * IssuedCertificate server = ca.issue("control plane", List.of("127.0.0.1", "localhost"), Duration.ofDays(365));
 * }</pre>
 */
public final class CertificateAuthority {

    private static final String SIGNATURE = "SHA256withECDSA";
    /** Certificates start a little in the past, so that a peer whose clock lags still accepts them. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certificate = requireNonNull(certificate, "certificate");
        this.key = requireNonNull(key, "key");
        this.clock = requireNonNull(clock, "clock");
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate: " + certificate.getSubjectX500Principal()
                    + " is not a CA certificate (expected: basic constraints CA:true)");
        }
    }

    /** A CA of an existing certificate and key, such as those {@link Pem} read. */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key, Clock clock) {
        return new CertificateAuthority(certificate, key, clock);
    }

    /** A new self-signed CA named {@code commonName}, valid for {@code validity}. */
    public static CertificateAuthority create(String commonName, Duration validity, Clock clock) {
        KeyPair pair = KeyPairs.ecP256();
        X500Name name = name(commonName);
        try {
            X509v3CertificateBuilder builder =
                    asCa(builder(name, name, pair.getPublic(), validity, clock, new SecureRandom()), pair.getPublic());
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate(), clock);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A new key pair and a certificate for it, signed by this CA, naming {@code commonName} and
     * carrying each of {@code names} as a subject alternative name (an IP address or a DNS name).
     *
     * @throws IllegalArgumentException when {@code names} is empty or a name is neither
     */
    public IssuedCertificate issue(String commonName, Collection<String> names, Duration validity) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("names: empty (expected: at least one IP address or DNS name)");
        }
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : distinct) {
            alternatives.add(generalName(name));
        }
        KeyPair pair = KeyPairs.ecP256();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(
                            subject(), name(commonName), pair.getPublic(), validity, clock, random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return new IssuedCertificate(sign(builder, key), pair.getPrivate(), certificate);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + distinct + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new intermediate CA signed by this one, valid for {@code validity} (never beyond this CA):
     * what the mesh CA becomes when a user brings their own root.
     */
    public CertificateAuthority issueIntermediate(String commonName, Duration validity) {
        KeyPair pair = KeyPairs.ecP256();
        Duration left =
                Duration.between(clock.instant(), certificate.getNotAfter().toInstant());
        Duration bounded = validity.compareTo(left) < 0 ? validity : left;
        try {
            X509v3CertificateBuilder builder = asCa(
                            builder(subject(), name(commonName), pair.getPublic(), bounded, clock, random),
                            pair.getPublic())
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new CertificateAuthority(sign(builder, key), pair.getPrivate(), clock);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue an intermediate CA: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate for the public key of {@code request} (a PKCS#10 request whose signature is
     * checked, so its sender holds the key), carrying {@code uris} as URI subject alternative names
     * and nothing of the request's own subject: the CA alone decides whom it names.
     *
     * @throws IllegalArgumentException when the request's signature does not verify or its key is not EC P-256
     */
    public X509Certificate issueForRequest(PKCS10CertificationRequest request, List<String> uris, Duration validity) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("uris: empty (expected: at least one URI such as a SPIFFE ID)");
        }
        PublicKey publicKey;
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
            if (!jca.isSignatureValid(new JcaContentVerifierProviderBuilder().build(jca.getPublicKey()))) {
                throw new IllegalArgumentException("csr: its signature does not verify with its public key");
            }
            publicKey = jca.getPublicKey();
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("csr: cannot verify it (" + e.getMessage() + ")", e);
        }
        if (!(publicKey instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException(
                    "csr: a " + publicKey.getAlgorithm() + " key (expected: an ECDSA P-256 key)");
        }
        GeneralName[] alternatives = uris.stream()
                .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri))
                .toArray(GeneralName[]::new);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(
                            subject(),
                            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                            publicKey,
                            validity,
                            clock,
                            random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(alternatives))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return sign(builder, key);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + uris + ": " + e.getMessage(), e);
        }
    }

    /** The extensions of a CA that signs leaf certificates only (path length 0). */
    private static X509v3CertificateBuilder asCa(X509v3CertificateBuilder builder, PublicKey key)
            throws CertIOException, GeneralSecurityException {
        return builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
    }

    private X500Name subject() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** The CA's certificate, the one clients trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's private key. */
    public PrivateKey key() {
        return key;
    }

    private static GeneralName generalName(String name) {
        if (isIpLiteral(name)) {
            return new GeneralName(GeneralName.iPAddress, name.replaceAll("^\\[|]$", ""));
        }
        if (!name.matches("(?i)(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
            throw new IllegalArgumentException(
                    "name: '" + name + "' (expected: an IP address or a DNS name such as cp.example.internal)");
        }
        return new GeneralName(GeneralName.dNSName, name);
    }

    /** Whether {@code name} is an IPv4 or IPv6 literal (never a DNS lookup). */
    static boolean isIpLiteral(String name) {
        String bare = name.replaceAll("^\\[|]$", "");
        if (bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return true;
        }
        if (!bare.contains(":") || !bare.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(bare);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Duration validity, Clock clock, SecureRandom random) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: positive)");
        }
        Instant now = clock.instant();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)),
                subject,
                key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static X500Name name(String commonName) {
        requireNonNull(commonName, "commonName");
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "svc-connect")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }
}
