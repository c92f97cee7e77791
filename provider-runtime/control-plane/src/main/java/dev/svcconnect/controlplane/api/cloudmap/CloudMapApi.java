package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.store.Store;
import java.util.HashMap;
import java.util.Map;

/**
 * The Cloud Map operations ({@code Route53AutoNaming_v20170314.*}) that Service Connect uses, with
 * the field names, errors and defaults of the Cloud Map API reference: namespaces ({@code
 * NamespaceOperations}), services ({@code DiscoveryServiceOperations}), instances ({@code
 * InstanceOperations}), discovery ({@code DiscoveryOperations}), operations ({@code
 * OperationQueries}) and tags ({@code TagOperations}).
 */
public final class CloudMapApi {

    /** The {@code X-Amz-Target} prefix of Cloud Map. */
    public static final String TARGET_PREFIX = "Route53AutoNaming_v20170314";

    private final Store store;
    private final CloudMap cloudMap;

    public CloudMapApi(Store store, CloudMap cloudMap) {
        this.store = requireNonNull(store, "store");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    /** The operations, by name. */
    public AwsJsonApi api() {
        Map<String, Operation> operations = new HashMap<>();
        new NamespaceOperations(store, cloudMap).addTo(operations);
        new DiscoveryServiceOperations(store, cloudMap).addTo(operations);
        new InstanceOperations(store, cloudMap).addTo(operations);
        new DiscoveryOperations(store).addTo(operations);
        new OperationQueries(store, cloudMap.defaultRegion()).addTo(operations);
        new TagOperations(store).addTo(operations);
        return new AwsJsonApi(TARGET_PREFIX, "InvalidInput", operations);
    }
}
