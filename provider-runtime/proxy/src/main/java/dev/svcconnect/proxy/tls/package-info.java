/**
 * Mutual TLS on every hop between proxies. {@link dev.svcconnect.proxy.tls.MeshTls} holds the TLS
 * 1.3 contexts of the proxy's {@link dev.svcconnect.proxy.tls.MeshCredentials} (swapped at each
 * renewal); {@link dev.svcconnect.proxy.tls.InboundMutualTls} verifies an inbound client and
 * records its identity; {@link dev.svcconnect.proxy.tls.UpstreamTls} originates TLS to an endpoint
 * and checks it is the discovery name it should be; {@link
 * dev.svcconnect.proxy.tls.WorkloadCertificates} generates the key pair, asks the control plane to
 * sign it and renews it at about two thirds of its life.
 */
package dev.svcconnect.proxy.tls;
