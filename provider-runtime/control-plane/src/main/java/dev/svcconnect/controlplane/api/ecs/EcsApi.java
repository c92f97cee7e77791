package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.store.Store;
import java.util.HashMap;
import java.util.Map;

/**
 * The ECS operations ({@code AmazonEC2ContainerServiceV20141113.*}) that Service Connect uses,
 * with the field names, defaults and errors of the ECS API reference.
 */
public final class EcsApi {

    /** The {@code X-Amz-Target} prefix of ECS. */
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";

    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final ServiceOperations services;
    private final TaskOperations tasks;
    private final TaskRunOperations runs;
    private final TagOperations tags;
    private final TaskDefinitionFamilyOperations families;
    private final CapacityProviderOperations capacityProviders;
    private final AccountSettingOperations accountSettings;

    public EcsApi(Store store, EcsRegistry registry, Scheduler scheduler, HostRegistry hosts) {
        requireNonNull(store, "store");
        this.clusters = new ClusterOperations(store, registry);
        this.taskDefinitions = new TaskDefinitionOperations(store, registry);
        this.services = new ServiceOperations(store, registry, scheduler);
        this.tasks = new TaskOperations(store, registry, scheduler, hosts);
        this.runs = new TaskRunOperations(store, registry, scheduler);
        this.tags = new TagOperations(store);
        this.families = new TaskDefinitionFamilyOperations(store, registry);
        this.capacityProviders = new CapacityProviderOperations(store, registry);
        this.accountSettings = new AccountSettingOperations(store, registry);
    }

    /** The operations, by name. */
    public AwsJsonApi api() {
        Map<String, Operation> operations = new HashMap<>();
        operations.put("CreateCluster", clusters::create);
        operations.put("DescribeClusters", clusters::describe);
        operations.put("ListClusters", clusters::list);
        operations.put("UpdateCluster", clusters::update);
        operations.put("DeleteCluster", clusters::delete);
        operations.put("RegisterTaskDefinition", taskDefinitions::register);
        operations.put("DescribeTaskDefinition", taskDefinitions::describe);
        operations.put("ListTaskDefinitions", taskDefinitions::list);
        operations.put("DeregisterTaskDefinition", taskDefinitions::deregister);
        operations.put("CreateService", services::create);
        operations.put("UpdateService", services::update);
        operations.put("DeleteService", services::delete);
        operations.put("DescribeServices", services::describe);
        operations.put("ListServices", services::list);
        operations.put("ListServicesByNamespace", services::listByNamespace);
        operations.put("ListTasks", tasks::list);
        operations.put("DescribeTasks", tasks::describe);
        operations.put("StopTask", tasks::stop);
        operations.put("ListContainerInstances", tasks::listContainerInstances);
        operations.put("DescribeContainerInstances", tasks::describeContainerInstances);
        operations.put("DeregisterContainerInstance", tasks::deregisterContainerInstance);
        operations.put("RunTask", runs::run);
        operations.put("TagResource", tags::tag);
        operations.put("UntagResource", tags::untag);
        operations.put("ListTagsForResource", tags::list);
        operations.put("ListTaskDefinitionFamilies", families::listFamilies);
        operations.put("DeleteTaskDefinitions", families::delete);
        operations.put("DescribeCapacityProviders", capacityProviders::describe);
        operations.put("PutClusterCapacityProviders", capacityProviders::putClusterCapacityProviders);
        operations.put("PutAccountSetting", accountSettings::put);
        operations.put("PutAccountSettingDefault", accountSettings::putDefault);
        operations.put("ListAccountSettings", accountSettings::list);
        operations.put("DeleteAccountSetting", accountSettings::delete);
        return new AwsJsonApi(TARGET_PREFIX, "InvalidParameterException", operations);
    }
}
