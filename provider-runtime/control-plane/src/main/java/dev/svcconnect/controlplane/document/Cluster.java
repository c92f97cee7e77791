package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * An ECS cluster as stored (row of {@link Table#CLUSTERS}: id its ARN, which names its region, scope
 * "-"): a name may be taken once in each region.
 */
public final class Cluster extends Document {

    private static final String STATUS = "status";
    private static final String ACTIVE = "ACTIVE";
    private static final String SERVICE_CONNECT_DEFAULTS = "serviceConnectDefaults";

    private Cluster(ObjectNode json) {
        super(json);
    }

    /** A view over a stored cluster. */
    public static Cluster of(ObjectNode json) {
        return new Cluster(json);
    }

    /** The cluster with this ARN, in any status. */
    public static Optional<Cluster> find(Transaction tx, String clusterArn) {
        return tx.get(Table.CLUSTERS, clusterArn).map(Cluster::new);
    }

    /** Every cluster of every region, in any status, by ARN. */
    public static List<Cluster> all(Transaction tx) {
        return tx.listAll(Table.CLUSTERS).stream().map(Cluster::new).toList();
    }

    public String name() {
        return text("clusterName");
    }

    public String arn() {
        return text("clusterArn");
    }

    public boolean isActive() {
        return ACTIVE.equals(text(STATUS));
    }

    /** Makes the cluster INACTIVE, as after DeleteCluster. */
    public Cluster deactivate() {
        json().put(STATUS, "INACTIVE");
        return this;
    }

    /** The name or ARN of the namespace of {@code serviceConnectDefaults}, or null. */
    public String defaultNamespace() {
        return json().path(SERVICE_CONNECT_DEFAULTS).path("namespace").asText(null);
    }

    /** Sets the counts that DescribeClusters adds to a cluster. */
    public Cluster counts(int activeHosts, int runningTasks, int pendingTasks, int activeServices) {
        json().put("registeredContainerInstancesCount", activeHosts);
        json().put("runningTasksCount", runningTasks);
        json().put("pendingTasksCount", pendingTasks);
        json().put("activeServicesCount", activeServices);
        return this;
    }

    /** Writes the cluster with its store keys: its ARN. */
    public void save(Transaction tx) {
        tx.put(Table.CLUSTERS, arn(), "-", null, json());
    }
}
