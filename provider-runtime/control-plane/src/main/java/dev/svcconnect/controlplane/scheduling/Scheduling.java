package dev.svcconnect.controlplane.scheduling;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;

/**
 * The scheduling parts of one control plane, wired together.
 *
 * <pre>{@code
 * Scheduling scheduling = new Scheduling(names, cloudMap);
 * store.write(tx -> { scheduling.reconciler().reconcile(tx, service); return null; });
 * }</pre>
 */
public final class Scheduling {

    private final ServiceDiscovery discovery;
    private final TaskStopper stopper;
    private final ClusterPlacer placer;
    private final ServiceReconciler reconciler;
    private final TaskReportApplier reports;

    public Scheduling(ResourceNames names, CloudMap cloudMap) {
        requireNonNull(names, "names");
        requireNonNull(cloudMap, "cloudMap");
        this.discovery = new ServiceDiscovery(names, cloudMap);
        this.stopper = new TaskStopper(names, discovery);
        this.placer = new ClusterPlacer(names);
        this.reconciler = new ServiceReconciler(names, new TaskLauncher(names), stopper, placer, discovery);
        this.reports = new TaskReportApplier(names, discovery, reconciler);
    }

    public ServiceReconciler reconciler() {
        return reconciler;
    }

    public TaskReportApplier reports() {
        return reports;
    }

    public ClusterPlacer placer() {
        return placer;
    }

    public TaskStopper stopper() {
        return stopper;
    }

    public ServiceDiscovery discovery() {
        return discovery;
    }
}
