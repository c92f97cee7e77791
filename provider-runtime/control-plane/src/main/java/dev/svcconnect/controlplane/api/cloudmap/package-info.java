/**
 * The Cloud Map API ({@code Route53AutoNaming_v20170314}): HTTP namespaces, services, instances,
 * discovery, custom health, the operations the mutating calls record and the tags of namespaces
 * and services.
 *
 * <p>Starting points: {@link dev.svcconnect.controlplane.api.cloudmap.CloudMapApi} (the operations,
 * one class per group of them) and {@link dev.svcconnect.controlplane.api.cloudmap.CloudMap} (the
 * registry they share with ECS, which creates namespaces and services and registers the instances
 * of running tasks). The stored rows are read through the typed views of {@link
 * dev.svcconnect.controlplane.document}.
 */
package dev.svcconnect.controlplane.api.cloudmap;
