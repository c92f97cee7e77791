package dev.svcconnect.controlplane.store;

import java.util.Locale;

/**
 * The resource kinds of the store, one SQL table each. A row has an {@code id}, the
 * {@code scope} it belongs to, an optional {@code ref} and the resource's JSON body.
 */
public enum Table {
    /** ECS clusters; id: cluster ARN (a name is taken once per region); scope: "-". */
    CLUSTERS,
    /** ECS task definitions; id: task definition ARN; scope: family ARN (without {@code :revision}). */
    TASK_DEFINITIONS,
    /** ECS services; id: service ARN; scope: cluster ARN; ref: Service Connect namespace ARN. */
    SERVICES,
    /** ECS tasks; id: task id; scope: cluster ARN; ref: service ARN (or null). */
    TASKS,
    /** Registered hosts; id: container instance id; scope: cluster ARN. */
    CONTAINER_INSTANCES,
    /** Cloud Map namespaces; id: namespace id; scope: name. */
    NAMESPACES,
    /** Cloud Map services; id: service id; scope: namespace id; ref: name. */
    DISCOVERY_SERVICES,
    /** Cloud Map instances; id: {@code serviceId/instanceId}; scope: Cloud Map service id. */
    INSTANCES,
    /** Cloud Map operations; id: operation id; scope: "-". */
    OPERATIONS,
    /** Client alias addresses; id: {@code namespaceId/dnsName}; scope: namespace id. */
    ALIAS_ADDRESSES,
    /** Stacks applied by the local engine ({@code svc-connect deploy}); id: stack name; scope: "-". */
    LOCAL_STACKS,
    /** ECS account settings; id: {@code principalArn|name}; scope: principal ARN. */
    ACCOUNT_SETTINGS,
    /** Access keys; id: access key id; scope: role; ref: host id (agent) or task id (proxy). */
    CREDENTIALS,
    /** Join tokens for agents; id: token id; scope: cluster name. */
    JOIN_TOKENS,
    /** SSM parameters; id: name; scope: "-"; the value sealed with the data key. */
    PARAMETERS,
    /** Access policies; id: {@code namespaceId/discoveryName}; scope: namespace id. */
    ACCESS_POLICIES,
    /** Values sealed with the data key that tell whether a control plane has the store's key; id: "data-key". */
    KEY_CHECKS;

    String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
