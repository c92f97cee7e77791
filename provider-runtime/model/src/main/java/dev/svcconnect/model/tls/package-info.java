/**
 * What a client of the control plane trusts for an {@code https://} URL: {@link
 * dev.svcconnect.model.tls.CaBundle} reads a PEM bundle of CA certificates (the option
 * {@code --ca-bundle FILE}, else {@code AWS_CA_BUNDLE}, else the JDK's trusted CAs) into an
 * {@code SSLContext} for the JDK's HTTP client, which verifies the server's chain and host name.
 * The agent, the proxy, the provider and the CLI all load their trust here.
 */
package dev.svcconnect.model.tls;
