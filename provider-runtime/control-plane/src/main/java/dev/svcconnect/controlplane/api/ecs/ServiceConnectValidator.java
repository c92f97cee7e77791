package dev.svcconnect.controlplane.api.ecs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.api.cloudmap.CloudMap;
import dev.svcconnect.controlplane.store.Table;
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
 * namespace, fills ECS's defaults, and provisions what it needs: the Cloud Map service of each
 * discovery name and the address of each client alias.
 *
 * <p>The rules are ECS's (port names, discovery names unique in the namespace, at most one client
 * alias, alias name and port unique in the namespace, ports and timeouts in range) plus one
 * extension: a service of another cluster of the namespace may reuse a discovery name when its
 * protocol, client alias and port match; its tasks join the same Cloud Map service.
 */
public final class ServiceConnectValidator {

    private static final String FIELD = "serviceConnectConfiguration";
    private static final String INVALID = "InvalidParameterException";

    private final EcsRegistry registry;

    public ServiceConnectValidator(EcsRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** A checked configuration and the Cloud Map services it uses. */
    record Resolved(ObjectNode configuration, ArrayNode resources) {}

    /** One Service Connect service of another ECS service of the namespace. */
    private record Claim(
            String serviceName,
            String cluster,
            String discoveryName,
            Protocol protocol,
            String dnsName,
            Integer port) {}

    /**
     * Checks and provisions; null when Service Connect is absent or disabled.
     *
     * @param config the request's {@code serviceConnectConfiguration}, or null
     */
    Resolved resolve(
            Transaction tx,
            Params config,
            ObjectNode cluster,
            String serviceArn,
            String serviceName,
            ObjectNode taskDefinition) {
        if (config == null) {
            return null;
        }
        if (!config.has("enabled")) {
            throw config.invalid("enabled", "is required");
        }
        if (!config.bool("enabled", false)) {
            return null;
        }
        String clusterName = cluster.get("clusterName").asText();
        ObjectNode namespace = namespace(tx, config, cluster);
        String namespaceId = namespace.get("Id").asText();
        String namespaceName = namespace.get("Name").asText();

        ObjectNode resolved = Json.mapper().createObjectNode();
        resolved.put("enabled", true);
        resolved.put("namespace", namespace.get("Arn").asText());
        ArrayNode services = resolved.putArray("services");
        ArrayNode resources = Json.mapper().createArrayNode();
        List<Claim> claims = claims(tx, namespace.get("Arn").asText(), serviceArn);
        Set<String> discoveryNames = new HashSet<>();
        Set<String> portNames = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        String family = taskDefinition.get("family").asText() + ":"
                + taskDefinition.get("revision").asInt();

        for (Params entry : config.objects("services")) {
            ObjectNode out = services.addObject();
            String portName = entry.requiredString("portName");
            JsonNode mapping = EcsRegistry.portMapping(taskDefinition, portName)
                    .orElseThrow(() -> entry.invalid(
                            "portName",
                            "Port mapping '" + portName + "' does not exist on task definition '" + family + "'."));
            Protocol protocol =
                    Protocol.fromAppProtocol(mapping.path("appProtocol").asText(null));
            if (!portNames.add(portName)) {
                throw entry.invalid("portName", "'" + portName + "' is used by another entry of this configuration.");
            }
            out.put("portName", portName);
            String discoveryName = entry.string("discoveryName") == null ? portName : entry.string("discoveryName");
            check(() -> ServiceConnectRules.requireDiscoveryName(discoveryName, entry.path("discoveryName")));
            if (!discoveryNames.add(discoveryName)) {
                throw entry.invalid(
                        "discoveryName",
                        "'" + discoveryName
                                + "' is used by another entry of this configuration (it defaults to the port name).");
            }
            out.put("discoveryName", discoveryName);

            List<Params> clientAliases = entry.objects("clientAliases");
            if (clientAliases.size() > 1) {
                throw entry.invalid("clientAliases", clientAliases.size() + " aliases (expected: at most 1)");
            }
            String dnsName = null;
            Integer aliasPort = null;
            if (!clientAliases.isEmpty()) {
                Params alias = clientAliases.get(0);
                Integer port = alias.integer("port");
                if (port == null) {
                    throw alias.invalid("port", "is required");
                }
                check(() -> ServiceConnectRules.requirePort(port, alias.path("port")));
                dnsName =
                        alias.string("dnsName") == null ? discoveryName + "." + namespaceName : alias.string("dnsName");
                String checkedDns = dnsName;
                check(() -> ServiceConnectRules.requireDnsName(checkedDns, alias.path("dnsName")));
                aliasPort = port;
                if (!aliases.add(dnsName + ":" + port)) {
                    throw alias.invalid(
                            "dnsName",
                            "'" + dnsName + ":" + port + "' is used by another entry of this configuration.");
                }
                ObjectNode outAlias = out.putArray("clientAliases").addObject();
                outAlias.put("port", port);
                outAlias.put("dnsName", dnsName);
                JsonNode rules = alias.node().get("testTrafficRules");
                if (rules != null && !rules.isNull()) {
                    outAlias.set("testTrafficRules", rules);
                }
            }
            checkAgainstNamespace(
                    entry,
                    new Claim(serviceName, clusterName, discoveryName, protocol, dnsName, aliasPort),
                    claims,
                    namespaceName);

            Integer ingress = entry.integer("ingressPortOverride");
            if (ingress != null) {
                check(() -> ServiceConnectRules.requirePort(ingress, entry.path("ingressPortOverride")));
                out.put("ingressPortOverride", ingress);
            }
            Params timeout = entry.object("timeout");
            if (timeout != null) {
                out.set("timeout", timeout(timeout, protocol));
            }
            Params tls = entry.object("tls");
            if (tls != null) {
                Params authority = tls.object("issuerCertificateAuthority");
                if (authority == null) {
                    throw tls.invalid("issuerCertificateAuthority", "is required");
                }
                String pca = authority.requiredString("awsPcaAuthorityArn");
                if (!pca.startsWith("arn:") || pca.split(":").length < 6) {
                    throw authority.invalid("awsPcaAuthorityArn", "'" + pca + "' (expected: an ARN)");
                }
                out.set("tls", tls.node());
            }
            ObjectNode resource = resources.addObject();
            resource.put("discoveryName", discoveryName);
            resource.put(
                    "discoveryArn",
                    discoveryService(tx, namespaceId, discoveryName).get("Arn").asText());
            if (dnsName != null) {
                allocateAliasAddress(tx, namespaceId, dnsName);
            }
        }
        copyIfPresent(config, resolved, "logConfiguration");
        copyIfPresent(config, resolved, "accessLogConfiguration");
        return new Resolved(resolved, resources);
    }

    private ObjectNode namespace(Transaction tx, Params config, ObjectNode cluster) {
        String reference = config.string("namespace");
        if (reference == null || reference.isEmpty()) {
            reference = cluster.path("serviceConnectDefaults").path("namespace").asText(null);
            if (reference == null) {
                throw config.invalid(
                        "namespace",
                        "is required: the cluster '"
                                + cluster.get("clusterName").asText() + "' has no serviceConnectDefaults namespace");
            }
        }
        String name = reference;
        return registry.cloudMap()
                .namespaceByNameOrId(tx, reference)
                .orElseThrow(() -> new ApiException(
                        "NamespaceNotFoundException", FIELD + ".namespace: namespace '" + name + "' not found."));
    }

    private List<Claim> claims(Transaction tx, String namespaceArn, String serviceArn) {
        List<Claim> claims = new ArrayList<>();
        for (ObjectNode other : EcsRegistry.liveServices(tx)) {
            if (other.get("serviceArn").asText().equals(serviceArn)) {
                continue;
            }
            String otherCluster =
                    EcsRegistry.clusterName(other.get("clusterArn").asText());
            for (JsonNode deployment : other.path("deployments")) {
                JsonNode config = deployment.path("serviceConnectConfiguration");
                if (!namespaceArn.equals(config.path("namespace").asText())) {
                    continue;
                }
                Optional<ObjectNode> taskDefinition = registry.taskDefinition(
                        tx, deployment.path("taskDefinition").asText());
                for (JsonNode entry : config.path("services")) {
                    Protocol protocol = taskDefinition
                            .flatMap(td -> EcsRegistry.portMapping(
                                    td, entry.path("portName").asText()))
                            .map(m -> Protocol.fromAppProtocol(
                                    m.path("appProtocol").asText(null)))
                            .orElse(Protocol.TCP);
                    JsonNode alias = entry.path("clientAliases").path(0);
                    claims.add(new Claim(
                            other.get("serviceName").asText(),
                            otherCluster,
                            entry.path("discoveryName").asText(),
                            protocol,
                            alias.isMissingNode() ? null : alias.path("dnsName").asText(),
                            alias.isMissingNode() ? null : alias.path("port").asInt()));
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
                            "discoveryName",
                            "'" + mine.discoveryName() + "' is already used in namespace '" + namespaceName
                                    + "' by service '" + other.serviceName() + "'.");
                }
                boolean matching = other.protocol() == mine.protocol()
                        && Objects.equals(other.dnsName(), mine.dnsName())
                        && Objects.equals(other.port(), mine.port());
                if (!matching) {
                    throw entry.invalid(
                            "discoveryName",
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
                                + " (a per-request timeout needs a port mapping appProtocol of http, http2 or grpc; this one is tcp)");
            }
            out.put("perRequestTimeoutSeconds", perRequest);
        }
        return out;
    }

    private ObjectNode discoveryService(Transaction tx, String namespaceId, String discoveryName) {
        CloudMap cloudMap = registry.cloudMap();
        Optional<ObjectNode> existing = cloudMap.serviceByName(tx, namespaceId, discoveryName);
        if (existing.isPresent()) {
            return existing.get();
        }
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("Description", "Service Connect discovery name " + discoveryName);
        request.putObject("HealthCheckCustomConfig").put("FailureThreshold", 1);
        return cloudMap.createService(tx, discoveryName, namespaceId, request, null);
    }

    /** Gives a client alias DNS name its address in 127.255.0.0/16, once per namespace. */
    private static void allocateAliasAddress(Transaction tx, String namespaceId, String dnsName) {
        String id = namespaceId + "/" + dnsName;
        if (tx.get(Table.ALIAS_ADDRESSES, id).isPresent()) {
            return;
        }
        int index = tx.list(Table.ALIAS_ADDRESSES, namespaceId).size() + 1;
        if (index > 65534) {
            throw new ApiException(INVALID, FIELD + ": namespace has no client alias address left in 127.255.0.0/16");
        }
        ObjectNode alias = Json.mapper().createObjectNode();
        alias.put("dnsName", dnsName);
        alias.put("address", "127.255." + (index >> 8) + "." + (index & 0xff));
        tx.put(Table.ALIAS_ADDRESSES, id, namespaceId, null, alias);
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
