/**
 * Certificates, independent of the server that uses them: {@link
 * dev.svcconnect.controlplane.tls.CertificateAuthority} creates a CA and issues certificates with
 * subject alternative names ({@link dev.svcconnect.controlplane.tls.IssuedCertificate}); {@link
 * dev.svcconnect.controlplane.tls.Pem} reads and writes them; {@link
 * dev.svcconnect.controlplane.tls.CaDirectory} keeps a CA in a directory across restarts (the
 * control plane's {@code DATA/tls/}). Keys are ECDSA P-256, signed SHA256withECDSA, built with
 * BouncyCastle's certificate builder over the JDK's own crypto providers.
 */
package dev.svcconnect.controlplane.tls;
