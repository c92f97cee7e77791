package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.ResourceNames;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.store.Store;

/** Clusters for the tests that work below the HTTP layer: created with the ECS API's CreateCluster. */
public final class TestClusters {

    private TestClusters() {}

    /** Creates cluster {@code name} in {@code store}, in the region of {@code names}. */
    public static void create(Store store, ResourceNames names, String name) {
        EcsRegistry registry = new EcsRegistry(names, new CloudMap(names));
        Scheduler scheduler = new Scheduler(registry);
        ObjectNode request =
                dev.svcconnect.model.Json.mapper().createObjectNode().put("clusterName", name);
        new EcsApi(store, registry, scheduler, new HostRegistry(registry, scheduler))
                .api()
                .operations()
                .get("CreateCluster")
                .handle(new Params(request, "InvalidParameterException", names.region()));
    }
}
