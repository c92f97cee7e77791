/**
 * What replicas sharing one store pass each other beyond the revision: {@link
 * dev.svcconnect.controlplane.replicas.PushSharing}, the proxies' metrics and the agents' log lines
 * taken by one replica and applied by every other, so that the console and {@code /metrics} of any
 * replica show the whole namespace.
 */
package dev.svcconnect.controlplane.replicas;
