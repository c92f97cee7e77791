/**
 * The Cloud Map API ({@code Route53AutoNaming_v20170314}): HTTP namespaces, services, instances,
 * discovery and custom health.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.api.cloudmap.CloudMapApi} (the operations)
 * and {@link dev.svcconnect.controlplane.api.cloudmap.CloudMap} (the registry they share with ECS,
 * which creates namespaces and services and registers the instances of running tasks).
 */
package dev.svcconnect.controlplane.api.cloudmap;
