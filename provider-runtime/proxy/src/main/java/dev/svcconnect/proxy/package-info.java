/**
 * The sidecar proxy. Start with {@link dev.svcconnect.proxy.Proxy#builder()}; configuration comes
 * from {@code dev.svcconnect.proxy.config}, balancing from {@code lb}, passive health from
 * {@code health}, retries from {@code retry}, metrics from {@code metrics}; a client connection of
 * an HTTP-family listener is assembled in {@code listener}, the protocols live in {@code http},
 * {@code http2} and {@code tcp}, the admin port in {@code admin}.
 */
package dev.svcconnect.proxy;
