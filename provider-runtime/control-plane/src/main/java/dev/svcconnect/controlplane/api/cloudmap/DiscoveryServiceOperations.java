package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.store.Store;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Cloud Map service operations ({@code CreateService}, {@code GetService}, {@code ListServices},
 * {@code UpdateService}, {@code DeleteService}).
 */
final class DiscoveryServiceOperations {

    private static final Pattern SERVICE_NAME = Pattern.compile(
            "[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?(\\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*");
    private static final int MAX_NAME = 127;
    private static final int MAX_DESCRIPTION = 1024;
    private static final List<String> FILTER_NAMES = List.of("NAMESPACE_ID", "RESOURCE_OWNER");

    private final Store store;
    private final CloudMap cloudMap;

    DiscoveryServiceOperations(Store store, CloudMap cloudMap) {
        this.store = requireNonNull(store, "store");
        this.cloudMap = requireNonNull(cloudMap, "cloudMap");
    }

    void addTo(Map<String, Operation> operations) {
        operations.put("CreateService", this::createService);
        operations.put("GetService", this::getService);
        operations.put("ListServices", this::listServices);
        operations.put("UpdateService", this::updateService);
        operations.put("DeleteService", this::deleteService);
    }

    private ObjectNode createService(Params request) {
        String name = request.requiredString("Name");
        if (name.length() > MAX_NAME || !SERVICE_NAME.matcher(name).matches()) {
            throw request.invalid(
                    "Name",
                    "'" + name + "' (expected: DNS labels of a-z, A-Z, 0-9, '_' and '-', at most 127 characters)");
        }
        String namespaceId = request.requiredString("NamespaceId");
        String type = request.string("Type");
        if (type != null && !type.equals("HTTP")) {
            throw request.invalid("Type", "'" + type + "' (expected: HTTP, the only type of an HTTP namespace)");
        }
        if (request.has("HealthCheckConfig") && request.has("HealthCheckCustomConfig")) {
            throw request.invalid("HealthCheckConfig", "cannot be set with HealthCheckCustomConfig");
        }
        description(request);
        HealthCheckConfigs.checkIfSet(request.object("HealthCheckConfig"));
        Map<String, String> tags = TagRules.withinLimit(name, TagRules.tags(request));
        ObjectNode service = store.write(tx -> {
            ObjectNode created = cloudMap.createService(
                    tx, request.region(), name, namespaceId, request.node(), request.string("CreatorRequestId"));
            DiscoveryService stored = DiscoveryService.of(created).tags(tags);
            stored.save(tx);
            return stored.answer(tx);
        });
        return Answers.single("Service", service);
    }

    private ObjectNode getService(Params request) {
        String id = request.requiredString("Id");
        return Answers.single(
                "Service",
                store.read(
                        tx -> cloudMap.requireService(tx, request.region(), id).answer(tx)));
    }

    private ObjectNode listServices(Params request) {
        List<Params> filters = request.objects("Filters");
        List<ObjectNode> all = store.read(tx -> DiscoveryService.all(tx).stream()
                .filter(service -> service.isIn(request.region()))
                .filter(service -> matches(service, filters))
                .map(service -> service.answer(tx))
                .toList());
        Pages<ObjectNode> page = Answers.page(request, all);
        ObjectNode answer = Answers.empty();
        answer.putArray("Services").addAll(page.items());
        return Answers.withToken(answer, page);
    }

    private static boolean matches(DiscoveryService service, List<Params> filters) {
        for (Params filter : filters) {
            boolean matches = switch (ListFilters.name(filter, FILTER_NAMES)) {
                case "RESOURCE_OWNER" -> ListFilters.ownedBySelf(filter);
                default -> ListFilters.matches(filter, ListFilters.EQ_OR_IN, service.namespaceId());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /**
     * UpdateService of a service of an HTTP namespace: its {@code Description} and {@code
     * HealthCheckConfig} (absent removes it, as in AWS); no {@code DnsConfig}, which has no records
     * to change there.
     */
    private ObjectNode updateService(Params request) {
        String id = request.requiredString("Id");
        Params change = request.object("Service");
        if (change == null) {
            throw request.invalid("Service", "is required");
        }
        if (change.has("DnsConfig")) {
            throw change.invalid("DnsConfig", "a service of an HTTP namespace has no DNS records to change");
        }
        if (change.has("HealthCheckCustomConfig")) {
            throw change.invalid("HealthCheckCustomConfig", "cannot be added, changed or removed after creation");
        }
        String description = description(change);
        Params healthCheck = change.object("HealthCheckConfig");
        HealthCheckConfigs.checkIfSet(healthCheck);
        return Answers.operationId(store.write(tx -> cloudMap.updateService(
                tx, request.region(), id, description, healthCheck == null ? null : healthCheck.node())));
    }

    /** The {@code Description} of {@code params}, at most 1024 characters, or null. */
    private static String description(Params params) {
        String description = params.string("Description");
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw params.invalid(
                    "Description", description.length() + " characters (expected: at most " + MAX_DESCRIPTION + ")");
        }
        return description;
    }

    private ObjectNode deleteService(Params request) {
        String id = request.requiredString("Id");
        store.write(tx -> {
            cloudMap.deleteService(tx, request.region(), id);
            return null;
        });
        return Answers.empty();
    }
}
