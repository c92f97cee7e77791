package dev.svcconnect.controlplane.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.access.AccessPolicies;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.document.AliasAddress;
import dev.svcconnect.controlplane.document.Attributes;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Instance;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.document.PortMapping;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.mesh.MeshCaSettings;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.model.validation.ServiceConnectRules;
import dev.svcconnect.model.watch.LoadBalancerView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a task's proxy configuration (see {@code docs/watch-api.md}): an outbound listener per
 * client alias of the task's namespace, with the healthy endpoints of its discovery name in every
 * cluster, and an inbound listener per Service Connect service of the task's own deployment, with
 * that service's access policy.
 */
public final class ProxyConfigs {

    /** Where the application listens when its host agent did not say. */
    public static final String DEFAULT_APP_ADDRESS = "127.0.0.1";

    /** A client alias of the namespace, from the PRIMARY deployment of the service that declares it. */
    private record Alias(
            String discoveryName, String dnsName, int port, Protocol protocol, ServiceConnectEntry entry) {}

    /**
     * A task of a service whose deployment uses Service Connect, with that deployment's namespace;
     * or a task that RunTask started, a client of its namespace only, without a deployment.
     */
    private record ServiceConnectTask(ProxyTask task, Deployment deployment, Namespace namespace) {}

    private final String trustDomain;
    /** What the configurations computed in one read share: the namespace's aliases and endpoints. */
    private final SharedReads shared = new SharedReads();
    /** The watched tasks, each parsed again only when its row changed. */
    private final RowMemo<ProxyTask> tasks = new RowMemo<>(TASKS_KEPT, TASK_IDLE);

    /** Tasks whose parts are kept between reads: a few rows' text each (about 3 KiB), 50 MiB at most. */
    private static final int TASKS_KEPT = 16_384;

    /** A task not asked for this long (a watch closed, a task stopped) is forgotten. */
    private static final Duration TASK_IDLE = Duration.ofMinutes(1);

    /** Configurations whose mutual TLS identities are of {@code trustDomain}. */
    public ProxyConfigs(String trustDomain) {
        this.trustDomain = ServiceConnectRules.requireTrustDomain(trustDomain, "trustDomain");
    }

    /** Configurations of the default trust domain, {@value MeshCaSettings#DEFAULT_TRUST_DOMAIN}. */
    public ProxyConfigs() {
        this(MeshCaSettings.DEFAULT_TRUST_DOMAIN);
    }

    /** The configuration of the task with this id; TaskNotFoundException when there is none. */
    public ProxyConfig forTask(Transaction tx, String taskId) {
        ProxyTask task = task(tx, taskId);
        ProxyConfig.Builder config = ProxyConfig.builder().taskArn(task.arn()).clusterName(task.cluster());
        config.serviceName(task.serviceName());
        Optional<ServiceConnectTask> found = serviceConnect(tx, task);
        if (found.isEmpty()) {
            return config.build();
        }
        ServiceConnectTask scTask = found.get();
        config.trustDomain(trustDomain);
        String adminAddress = task.attribute(Attributes.ADMIN_ADDRESS);
        if (adminAddress != null) {
            config.admin(new AdminConfig(adminAddress));
        }
        outbound(tx, scTask, config);
        inbound(tx, scTask, config);
        return config.build();
    }

    /**
     * An outbound listener per client alias of the namespace that has an address. The listeners of
     * every task of a namespace are the same unless their alias prefixes differ, so each distinct
     * one is built and validated once per read and shared: a listener is an immutable record.
     */
    private void outbound(Transaction tx, ServiceConnectTask scTask, ProxyConfig.Builder config) {
        Namespace namespace = scTask.namespace();
        for (Alias alias : sharedAliases(tx, namespace.arn()).values()) {
            String address = aliasAddress(tx, scTask.task(), namespace.id(), alias.dnsName());
            if (address == null) {
                continue;
            }
            config.listener(shared.get(
                    tx,
                    "outbound/" + namespace.id() + "/" + alias.discoveryName() + "/" + address + "/"
                            + namespace.mutualTls(),
                    () -> outboundListener(tx, namespace, alias, address)));
        }
    }

    /** The outbound listener of {@code alias} at {@code address}: its name's endpoints, over mutual TLS if the namespace says so. */
    private ListenerConfig outboundListener(Transaction tx, Namespace namespace, Alias alias, String address) {
        ListenerConfig.Builder listener = ListenerConfig.builder()
                .name("outbound-" + alias.discoveryName())
                .direction(Direction.OUTBOUND)
                .bind(address + ":" + alias.port())
                .protocol(alias.protocol())
                .discoveryName(alias.discoveryName())
                .endpoints(shared.get(
                        tx,
                        "endpoints/" + namespace.id() + "/" + alias.discoveryName(),
                        () -> endpoints(tx, namespace.id(), alias.discoveryName())));
        if (namespace.mutualTls()) {
            listener.mutualTls(true)
                    .serverIdentity(WorkloadIdentity.of(trustDomain, namespace.name(), alias.discoveryName())
                            .uri());
        }
        timeouts(listener, alias.entry());
        return listener.build();
    }

    /** An inbound listener per Service Connect service of the task's deployment, once its host gave an address. */
    private void inbound(Transaction tx, ServiceConnectTask scTask, ProxyConfig.Builder config) {
        ProxyTask task = scTask.task();
        if (scTask.deployment() == null) {
            return;
        }
        String address = task.attribute(Attributes.ADDRESS);
        TaskDefinition taskDefinition =
                TaskDefinition.find(tx, task.taskDefinitionArn()).orElse(null);
        if (address == null || taskDefinition == null) {
            return;
        }
        String appAddress =
                Optional.ofNullable(task.attribute(Attributes.APP_ADDRESS)).orElse(DEFAULT_APP_ADDRESS);
        for (ServiceConnectEntry entry : scTask.deployment().serviceConnectServices()) {
            PortMapping mapping = taskDefinition.portMapping(entry.portName()).orElse(null);
            if (mapping == null) {
                continue;
            }
            ListenerConfig.Builder listener = ListenerConfig.builder()
                    .name("inbound-" + entry.discoveryName())
                    .direction(Direction.INBOUND)
                    .bind(address + ":" + task.inboundPort(taskDefinition, entry))
                    .protocol(mapping.protocol())
                    .discoveryName(entry.discoveryName())
                    .endpoint(appAddress + ":" + mapping.containerPort())
                    .access(shared.get(
                            tx,
                            "access/" + scTask.namespace().id() + "/" + entry.discoveryName(),
                            () -> AccessPolicies.effective(tx, scTask.namespace(), entry.discoveryName())))
                    .mutualTls(scTask.namespace().mutualTls());
            timeouts(listener, entry);
            config.listener(listener.build());
        }
    }

    /**
     * The identities a task's certificate names: first its own (its service, or for a task that
     * RunTask started, its task definition family), then each discovery name its deployment
     * serves. Empty for a task without Service Connect. TaskNotFoundException when there is no such task.
     */
    public List<WorkloadIdentity> identitiesOf(Transaction tx, String taskId) {
        ProxyTask task = task(tx, taskId);
        Optional<ServiceConnectTask> found = serviceConnect(tx, task);
        if (found.isEmpty()) {
            return List.of();
        }
        String namespace = found.get().namespace().name();
        Set<String> names = new LinkedHashSet<>();
        names.add(task.serviceName() != null ? task.serviceName() : family(task.taskDefinitionArn()));
        if (found.get().deployment() != null) {
            found.get().deployment().serviceConnectServices().forEach(entry -> names.add(entry.discoveryName()));
        }
        List<WorkloadIdentity> identities = new ArrayList<>();
        names.forEach(name -> identities.add(WorkloadIdentity.of(trustDomain, namespace, name)));
        return identities;
    }

    /**
     * The AWS Private CA that a task's service names in its {@code tls} blocks, if any: the issuer
     * of its workload certificate when the control plane uses AWS Private CA. An
     * InvalidParameterException when its entries name different ones.
     */
    public Optional<String> privateCaOf(Transaction tx, String taskId) {
        ProxyTask task = task(tx, taskId);
        Optional<ServiceConnectTask> found = serviceConnect(tx, task);
        if (found.isEmpty() || found.get().deployment() == null) {
            return Optional.empty();
        }
        Set<String> arns = new LinkedHashSet<>();
        found.get()
                .deployment()
                .serviceConnectServices()
                .forEach(entry -> entry.privateCaArn().ifPresent(arns::add));
        if (arns.size() > 1) {
            throw new ApiException(
                    "InvalidParameterException",
                    "Task '" + taskId
                            + "': its Service Connect services name different tls.issuerCertificateAuthority."
                            + "awsPcaAuthorityArn values " + arns + " (expected: one private CA per task)");
        }
        return arns.stream().findFirst();
    }

    /** Every AWS Private CA that a live service's deployments name in a {@code tls} block. */
    public static Set<String> privateCasInUse(Transaction tx) {
        Set<String> arns = new TreeSet<>();
        for (Service service : Service.live(tx)) {
            for (Deployment deployment : service.deployments()) {
                deployment
                        .serviceConnectServices()
                        .forEach(entry -> entry.privateCaArn().ifPresent(arns::add));
            }
        }
        return arns;
    }

    /** {@code family} of {@code arn:...:task-definition/family:3}. */
    private static String family(String taskDefinitionArn) {
        String tail = taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
        int colon = tail.lastIndexOf(':');
        return colon > 0 ? tail.substring(0, colon) : tail;
    }

    /**
     * The client alias DNS names that a task's hosts file maps to its proxy's outbound listeners:
     * DNS name to address, for every client alias of the task's namespace; empty for a task
     * without Service Connect. TaskNotFoundException when there is no such task.
     */
    public Map<String, String> hostsForTask(Transaction tx, String taskId) {
        ProxyTask task = task(tx, taskId);
        Map<String, String> hosts = new TreeMap<>();
        serviceConnect(tx, task).ifPresent(scTask -> {
            Namespace namespace = scTask.namespace();
            for (Alias alias : sharedAliases(tx, namespace.arn()).values()) {
                String address = aliasAddress(tx, task, namespace.id(), alias.dnsName());
                if (address != null) {
                    hosts.put(alias.dnsName(), address);
                }
            }
        });
        return hosts;
    }

    /**
     * The task with the deployment that started it and its namespace, when the task belongs to a
     * service and that deployment uses Service Connect in a namespace that exists; or, for a task
     * that RunTask started with a client namespace, with no deployment.
     */
    private Optional<ServiceConnectTask> serviceConnect(Transaction tx, ProxyTask task) {
        Deployment deployment = task.serviceArn() == null
                ? null
                : shared.get(tx, "deployment/" + task.serviceArn() + "/" + task.startedBy(), () -> task.deployment(tx))
                        .orElse(null);
        if (deployment == null && task.clientNamespaceArn() != null) {
            return namespace(tx, task.clientNamespaceArn())
                    .map(namespace -> new ServiceConnectTask(task, null, namespace));
        }
        String namespaceArn = deployment == null ? null : deployment.namespaceArn();
        if (deployment == null || deployment.serviceConnectConfiguration() == null || namespaceArn == null) {
            return Optional.empty();
        }
        return namespace(tx, namespaceArn).map(namespace -> new ServiceConnectTask(task, deployment, namespace));
    }

    /**
     * The task with this id or ARN, parsed only when its row changed since the last read that asked
     * for it; TaskNotFoundException when there is none.
     */
    private ProxyTask task(Transaction tx, String taskId) {
        String text = Task.findText(tx, taskId).orElseThrow(() -> taskNotFound(taskId));
        return tasks.get(taskId, text, t -> ProxyTask.of(Task.parse(t)));
    }

    private Optional<Namespace> namespace(Transaction tx, String arn) {
        return shared.get(tx, "namespace/" + arn, () -> Namespace.find(tx, arn));
    }

    /**
     * The Service Connect configuration of a task that RunTask started with a client namespace: a
     * client-only one ({@code enabled}, {@code namespace}, no services), for its host to give it a
     * proxy.
     */
    public static Optional<ObjectNode> clientOnly(Task task) {
        String namespaceArn = task.clientNamespaceArn();
        if (namespaceArn == null || task.serviceName().isPresent()) {
            return Optional.empty();
        }
        ObjectNode configuration = Json.mapper().createObjectNode();
        configuration.put("enabled", true).put("namespace", namespaceArn);
        return Optional.of(configuration);
    }

    /** A client alias's address for one task: in 127.255.0.0/16, or under the task's alias prefix. */
    private String aliasAddress(Transaction tx, ProxyTask task, String namespaceId, String dnsName) {
        return shared.get(
                        tx,
                        "alias-address/" + namespaceId + "/" + dnsName,
                        () -> AliasAddress.find(tx, namespaceId, dnsName))
                .map(alias -> alias.addressUnder(task.attribute(Attributes.ALIAS_PREFIX)))
                .orElse(null);
    }

    /** The client aliases of a namespace, computed once per read. */
    private Map<String, Alias> sharedAliases(Transaction tx, String namespaceArn) {
        return shared.get(tx, "aliases/" + namespaceArn, () -> aliases(tx, namespaceArn));
    }

    /**
     * The endpoints of every discovery name of a namespace, by discovery name. The namespace is
     * named by ARN, or by id or name in {@code defaultRegion}.
     */
    public Map<String, List<String>> namespaceEndpoints(Transaction tx, String defaultRegion, String namespaceName) {
        Namespace namespace = namespace(tx, defaultRegion, namespaceName);
        Map<String, List<String>> endpoints = new TreeMap<>();
        for (DiscoveryService service : namespace.services(tx)) {
            endpoints.put(service.name(), endpoints(tx, service));
        }
        return endpoints;
    }

    /** The prefix of a host load balancer's service segment: {@code load-balancer-DISCOVERY_NAME}. */
    public static final String LOAD_BALANCER_PREFIX = "load-balancer-";

    /** What the host load balancer of {@code discoveryName} in a namespace follows. */
    public LoadBalancerView loadBalancer(
            Transaction tx, String defaultRegion, String namespaceName, String discoveryName) {
        Namespace namespace = namespace(tx, defaultRegion, namespaceName);
        return new LoadBalancerView(
                endpoints(tx, namespace.id(), discoveryName),
                namespace.mutualTls(),
                trustDomain,
                WorkloadIdentity.of(trustDomain, namespace.name(), discoveryName)
                        .uri(),
                loadBalancerIdentity(tx, defaultRegion, namespaceName, discoveryName)
                        .uri());
    }

    /** The identity of the host load balancer of {@code discoveryName}: a client of the namespace of its own. */
    public WorkloadIdentity loadBalancerIdentity(
            Transaction tx, String defaultRegion, String namespaceName, String discoveryName) {
        ServiceConnectRules.requireDiscoveryName(discoveryName, "discoveryName");
        return WorkloadIdentity.of(
                trustDomain, namespace(tx, defaultRegion, namespaceName).name(), LOAD_BALANCER_PREFIX + discoveryName);
    }

    /** A namespace named by ARN, or by id or name in {@code defaultRegion}. */
    private static Namespace namespace(Transaction tx, String defaultRegion, String namespaceName) {
        String region = Document.regionOf(namespaceName);
        return Namespace.findByNameOrId(tx, region == null ? defaultRegion : region, namespaceName)
                .orElseThrow(() ->
                        new ApiException("NamespaceNotFound", 404, "Namespace '" + namespaceName + "' not found."));
    }

    static ApiException taskNotFound(String taskId) {
        return new ApiException("TaskNotFoundException", 404, "Task '" + taskId + "' not found.");
    }

    /** The client aliases of a namespace by discovery name, from the PRIMARY deployments of its live services. */
    private static Map<String, Alias> aliases(Transaction tx, String namespaceArn) {
        Map<String, Alias> aliases = new TreeMap<>();
        for (Service service : Service.inNamespace(tx, namespaceArn)) {
            Deployment primary = service.primary();
            TaskDefinition taskDefinition =
                    TaskDefinition.find(tx, primary.taskDefinition()).orElse(null);
            if (taskDefinition == null) {
                continue;
            }
            for (ServiceConnectEntry entry : primary.serviceConnectServices()) {
                entry.clientAlias().ifPresent(alias -> {
                    Protocol protocol = taskDefinition
                            .portMapping(entry.portName())
                            .map(PortMapping::protocol)
                            .orElse(Protocol.TCP);
                    aliases.putIfAbsent(
                            entry.discoveryName(),
                            new Alias(entry.discoveryName(), alias.dnsName(), alias.port(), protocol, entry));
                });
            }
        }
        return aliases;
    }

    private static List<String> endpoints(Transaction tx, String namespaceId, String discoveryName) {
        return DiscoveryService.named(tx, namespaceId, discoveryName)
                .map(service -> endpoints(tx, service))
                .orElseGet(List::of);
    }

    /** The valid endpoints of the instances of a service that discovery answers as healthy, sorted. */
    private static List<String> endpoints(Transaction tx, DiscoveryService service) {
        List<String> endpoints = new ArrayList<>();
        for (Instance instance : service.instances(tx)) {
            instance.endpoint()
                    .filter(endpoint -> service.answersHealthy(instance) && isHostPort(endpoint))
                    .ifPresent(endpoints::add);
        }
        endpoints.sort(null);
        return endpoints;
    }

    /** Instances registered by hand through Cloud Map may carry anything; the proxy gets valid ones. */
    private static boolean isHostPort(String endpoint) {
        try {
            ServiceConnectRules.requireHostPort(endpoint, "endpoint");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void timeouts(ListenerConfig.Builder listener, ServiceConnectEntry entry) {
        entry.perRequestTimeoutSeconds().ifPresent(listener::perRequestTimeoutSeconds);
        entry.idleTimeoutSeconds().ifPresent(listener::idleTimeoutSeconds);
    }
}
