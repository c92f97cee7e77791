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
 * {@code DeleteService}).
 */
final class DiscoveryServiceOperations {

    private static final Pattern SERVICE_NAME = Pattern.compile(
            "[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?(\\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*");
    private static final int MAX_NAME = 127;

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
        ObjectNode service = store.write(tx -> {
            ObjectNode created =
                    cloudMap.createService(tx, name, namespaceId, request.node(), request.string("CreatorRequestId"));
            return DiscoveryService.of(created).answer(tx);
        });
        return Answers.single("Service", service);
    }

    private ObjectNode getService(Params request) {
        String id = request.requiredString("Id");
        return Answers.single(
                "Service", store.read(tx -> cloudMap.requireService(tx, id).answer(tx)));
    }

    private ObjectNode listServices(Params request) {
        List<Params> filters = request.objects("Filters");
        List<ObjectNode> all = store.read(tx -> DiscoveryService.all(tx).stream()
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
            String name = filter.requiredString("Name");
            if (!name.equals("NAMESPACE_ID")) {
                throw filter.invalid("Name", "'" + name + "' (expected: NAMESPACE_ID)");
            }
            if (!ListFilters.matches(filter, service.namespaceId())) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode deleteService(Params request) {
        String id = request.requiredString("Id");
        store.write(tx -> {
            cloudMap.deleteService(tx, id);
            return null;
        });
        return Answers.empty();
    }
}
