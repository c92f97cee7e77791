package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Deployment;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.PortMapping;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.ServiceConnectEntry;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.validation.ServiceConnectRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a service's {@code serviceConnectConfiguration} against its task definition and its
 * namespace and fills ECS's defaults; {@link ServiceConnectProvisioner} then provisions what it
 * needs. Writes nothing.
 *
 * <p>The rules are ECS's (port names, discovery names unique in the namespace, at most one client
 * alias, alias name and port unique in the namespace, ports and timeouts in range) plus one
 * extension: a service of another cluster of the namespace may reuse a discovery name when its
 * protocol, client alias and port match; its tasks join the same Cloud Map service.
 */
final class ServiceConnectValidator {

    private static final String FIELD = "serviceConnectConfiguration";
    private static final String INVALID = "InvalidParameterException";
    private static final String DISCOVERY_NAME = "discoveryName";
    private static final String PORT = "port";
    private static final String DNS_NAME = "dnsName";
    private static final String INGRESS_PORT_OVERRIDE = "ingressPortOverride";

    private final EcsRegistry registry;

    ServiceConnectValidator(EcsRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /**
     * A checked configuration, defaults filled in, and the id of its namespace.
     *
     * @param configuration the {@code serviceConnectConfiguration} to store
     */
    record Checked(ObjectNode configuration, String namespaceId) {}

    /** One Service Connect service of an ECS service of the namespace. */
    private record Claim(
            String serviceName,
            String cluster,
            String discoveryName,
            Protocol protocol,
            String dnsName,
            Integer port) {}

    /** What the entries of one configuration claimed so far, each unique within it. */
    private record Seen(Set<String> portNames, Set<String> discoveryNames, Set<String> aliases) {
        Seen() {
            this(new HashSet<>(), new HashSet<>(), new HashSet<>());
        }
    }

    /** Where an entry is checked: its namespace, the other services' claims, its own service. */
    private record Context(
            TaskDefinition taskDefinition,
            String namespaceName,
            List<Claim> claims,
            String serviceName,
            String cluster,
            Seen seen) {}

    /**
     * Checks a configuration; null when Service Connect is absent or disabled.
     *
     * @param config the request's {@code serviceConnectConfiguration}, or null
     */
    Checked check(
            Transaction tx,
            Params config,
            Cluster cluster,
            String serviceArn,
            String serviceName,
            TaskDefinition taskDefinition) {
        if (config == null) {
            return null;
        }
        if (!config.has("enabled")) {
            throw config.invalid("enabled", "is required");
        }
        if (!config.bool("enabled", false)) {
            return null;
        }
        ObjectNode namespace = namespace(tx, config, cluster);
        String namespaceArn = namespace.get("Arn").asText();
        ObjectNode checked = Json.mapper().createObjectNode();
        checked.put("enabled", true);
        checked.put("namespace", namespaceArn);
        ArrayNode services = checked.putArray("services");
        Context context = new Context(
                taskDefinition,
                namespace.get("Name").asText(),
                claims(tx, namespaceArn, serviceArn),
                serviceName,
                cluster.name(),
                new Seen());
        for (Params entry : config.objects("services")) {
            services.add(checkEntry(entry, context));
        }
        copyIfPresent(config, checked, "logConfiguration");
        copyIfPresent(config, checked, "accessLogConfiguration");
        return new Checked(checked, namespace.get("Id").asText());
    }

    private ObjectNode checkEntry(Params entry, Context context) {
        ObjectNode out = Json.mapper().createObjectNode();
        String portName = entry.requiredString("portName");
        TaskDefinition taskDefinition = context.taskDefinition();
        PortMapping mapping = taskDefinition
                .portMapping(portName)
                .orElseThrow(() -> entry.invalid(
                        "portName",
                        "Port mapping '" + portName + "' does not exist on task definition '"
                                + taskDefinition.familyRevision() + "'."));
        if (!context.seen().portNames().add(portName)) {
            throw entry.invalid("portName", "'" + portName + "' is used by another entry of this configuration.");
        }
        out.put("portName", portName);
        String discoveryName = entry.string(DISCOVERY_NAME) == null ? portName : entry.string(DISCOVERY_NAME);
        check(() -> ServiceConnectRules.requireDiscoveryName(discoveryName, entry.path(DISCOVERY_NAME)));
        if (!context.seen().discoveryNames().add(discoveryName)) {
            throw entry.invalid(
                    DISCOVERY_NAME,
                    "'" + discoveryName
                            + "' is used by another entry of this configuration (it defaults to the port name).");
        }
        out.put(DISCOVERY_NAME, discoveryName);
        Optional<ServiceConnectEntry.ClientAlias> alias = clientAlias(entry, discoveryName, context, out);
        checkAgainstNamespace(
                entry,
                new Claim(
                        context.serviceName(),
                        context.cluster(),
                        discoveryName,
                        mapping.protocol(),
                        alias.map(ServiceConnectEntry.ClientAlias::dnsName).orElse(null),
                        alias.map(ServiceConnectEntry.ClientAlias::port).orElse(null)),
                context.claims(),
                context.namespaceName());
        Integer ingress = entry.integer(INGRESS_PORT_OVERRIDE);
        if (ingress != null) {
            check(() -> ServiceConnectRules.requirePort(ingress, entry.path(INGRESS_PORT_OVERRIDE)));
            out.put(INGRESS_PORT_OVERRIDE, ingress);
        }
        Params timeout = entry.object("timeout");
        if (timeout != null) {
            out.set("timeout", timeout(timeout, mapping.protocol()));
        }
        Params tls = entry.object("tls");
        if (tls != null) {
            out.set("tls", tls(tls));
        }
        return out;
    }

    /** Checks the entry's client aliases (at most one) and writes the checked one into {@code out}. */
    private static Optional<ServiceConnectEntry.ClientAlias> clientAlias(
            Params entry, String discoveryName, Context context, ObjectNode out) {
        List<Params> clientAliases = entry.objects("clientAliases");
        if (clientAliases.size() > 1) {
            throw entry.invalid("clientAliases", clientAliases.size() + " aliases (expected: at most 1)");
        }
        if (clientAliases.isEmpty()) {
            return Optional.empty();
        }
        Params alias = clientAliases.get(0);
        Integer port = alias.integer(PORT);
        if (port == null) {
            throw alias.invalid(PORT, "is required");
        }
        check(() -> ServiceConnectRules.requirePort(port, alias.path(PORT)));
        String dnsName =
                alias.string(DNS_NAME) == null ? discoveryName + "." + context.namespaceName() : alias.string(DNS_NAME);
        check(() -> ServiceConnectRules.requireDnsName(dnsName, alias.path(DNS_NAME)));
        if (!context.seen().aliases().add(dnsName + ":" + port)) {
            throw alias.invalid(
                    DNS_NAME, "'" + dnsName + ":" + port + "' is used by another entry of this configuration.");
        }
        ObjectNode outAlias = out.putArray("clientAliases").addObject();
        outAlias.put(PORT, port);
        outAlias.put(DNS_NAME, dnsName);
        JsonNode rules = alias.node().get("testTrafficRules");
        if (rules != null && !rules.isNull()) {
            outAlias.set("testTrafficRules", rules);
        }
        return Optional.of(new ServiceConnectEntry.ClientAlias(dnsName, port));
    }

    private static ObjectNode tls(Params tls) {
        Params authority = tls.object("issuerCertificateAuthority");
        if (authority == null) {
            throw tls.invalid("issuerCertificateAuthority", "is required");
        }
        String pca = authority.requiredString("awsPcaAuthorityArn");
        if (!pca.startsWith("arn:") || pca.split(":").length < 6) {
            throw authority.invalid("awsPcaAuthorityArn", "'" + pca + "' (expected: an ARN)");
        }
        return tls.node();
    }

    private ObjectNode namespace(Transaction tx, Params config, Cluster cluster) {
        String reference = config.string("namespace");
        if (reference == null || reference.isEmpty()) {
            reference = cluster.defaultNamespace();
            if (reference == null) {
                throw config.invalid(
                        "namespace",
                        "is required: the cluster '" + cluster.name() + "' has no serviceConnectDefaults namespace");
            }
        }
        String name = reference;
        return registry.cloudMap()
                .namespaceByNameOrId(tx, Document.regionOf(cluster.arn()), reference)
                .orElseThrow(() -> new ApiException(
                        "NamespaceNotFoundException", FIELD + ".namespace: namespace '" + name + "' not found."));
    }

    /** The Service Connect services that the other live services declare in a namespace, in any deployment. */
    private static List<Claim> claims(Transaction tx, String namespaceArn, String serviceArn) {
        List<Claim> claims = new ArrayList<>();
        for (Service other : Service.live(tx)) {
            if (other.arn().equals(serviceArn)) {
                continue;
            }
            for (Deployment deployment : other.deployments()) {
                if (!namespaceArn.equals(deployment.namespaceArn())) {
                    continue;
                }
                Optional<TaskDefinition> taskDefinition = TaskDefinition.find(tx, deployment.taskDefinition());
                for (ServiceConnectEntry entry : deployment.serviceConnectServices()) {
                    Protocol protocol = taskDefinition
                            .flatMap(td -> td.portMapping(entry.portName()))
                            .map(PortMapping::protocol)
                            .orElse(Protocol.TCP);
                    Optional<ServiceConnectEntry.ClientAlias> alias = entry.clientAlias();
                    claims.add(new Claim(
                            other.name(),
                            other.cluster(),
                            entry.discoveryName(),
                            protocol,
                            alias.map(ServiceConnectEntry.ClientAlias::dnsName).orElse(null),
                            alias.map(ServiceConnectEntry.ClientAlias::port).orElse(null)));
                }
            }
        }
        return claims;
    }

    private static void checkAgainstNamespace(Params entry, Claim mine, List<Claim> claims, String namespaceName) {
        for (Claim other : claims) {
            boolean sameDiscoveryName = other.discoveryName().equals(mine.discoveryName());
            if (sameDiscoveryName) {
                if (other.cluster().equals(mine.cluster())) {
                    throw entry.invalid(
                            DISCOVERY_NAME,
                            "'" + mine.discoveryName() + "' is already used in namespace '" + namespaceName
                                    + "' by service '" + other.serviceName() + "'.");
                }
                boolean matching = other.protocol() == mine.protocol()
                        && Objects.equals(other.dnsName(), mine.dnsName())
                        && Objects.equals(other.port(), mine.port());
                if (!matching) {
                    throw entry.invalid(
                            DISCOVERY_NAME,
                            "'" + mine.discoveryName() + "' is already used in namespace '"
                                    + namespaceName + "' by service '" + other.serviceName() + "' of cluster '"
                                    + other.cluster()
                                    + "' with other settings (" + describe(other)
                                    + "); a service of another cluster may share"
                                    + " a discovery name only with the same protocol, client alias and port (here: "
                                    + describe(mine) + ").");
                }
            } else if (mine.dnsName() != null
                    && mine.dnsName().equals(other.dnsName())
                    && Objects.equals(mine.port(), other.port())) {
                throw entry.invalid(
                        "clientAliases[0]",
                        "'" + mine.dnsName() + ":" + mine.port()
                                + "' is already used in namespace '" + namespaceName + "' by service '"
                                + other.serviceName()
                                + "' (discoveryName '" + other.discoveryName() + "').");
            }
        }
    }

    private static String describe(Claim claim) {
        String alias = claim.dnsName() == null ? "no client alias" : claim.dnsName() + ":" + claim.port();
        return claim.protocol().wireName() + ", " + alias;
    }

    private static ObjectNode timeout(Params timeout, Protocol protocol) {
        ObjectNode out = Json.mapper().createObjectNode();
        Integer idle = timeout.integer("idleTimeoutSeconds");
        if (idle != null) {
            check(() -> ServiceConnectRules.requireTimeout(idle, timeout.path("idleTimeoutSeconds")));
            out.put("idleTimeoutSeconds", idle);
        }
        Integer perRequest = timeout.integer("perRequestTimeoutSeconds");
        if (perRequest != null) {
            check(() -> ServiceConnectRules.requireTimeout(perRequest, timeout.path("perRequestTimeoutSeconds")));
            if (!protocol.isLayer7()) {
                throw timeout.invalid(
                        "perRequestTimeoutSeconds",
                        perRequest
                                + " (a per-request timeout needs a port mapping appProtocol of http, http2 or grpc;"
                                + " this one is tcp)");
            }
            out.put("perRequestTimeoutSeconds", perRequest);
        }
        return out;
    }

    private static void copyIfPresent(Params from, ObjectNode to, String field) {
        JsonNode value = from.node().get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }

    /** Runs a {@link ServiceConnectRules} check, answering its message as InvalidParameterException. */
    private static void check(Runnable rule) {
        try {
            rule.run();
        } catch (IllegalArgumentException e) {
            throw new ApiException(INVALID, e.getMessage());
        }
    }
}
