package dev.svcconnect.controlplane.metrics;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.proxy.Direction;

/**
 * What one series of the window is about: the traffic of one task's proxy in one direction for one
 * discovery name (inbound) or target discovery name (outbound).
 */
public record SeriesKey(
        String namespace, String service, String cluster, String task, Direction direction, String discoveryName) {

    public SeriesKey {
        requireNonNull(namespace, "namespace");
        requireNonNull(service, "service");
        requireNonNull(cluster, "cluster");
        requireNonNull(task, "task");
        requireNonNull(direction, "direction");
        requireNonNull(discoveryName, "discoveryName");
    }
}
