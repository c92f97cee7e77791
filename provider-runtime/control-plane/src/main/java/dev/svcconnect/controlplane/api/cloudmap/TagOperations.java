package dev.svcconnect.controlplane.api.cloudmap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.DiscoveryService;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Namespace;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The tags of namespaces and services ({@code TagResource}, {@code UntagResource}, {@code
 * ListTagsForResource}), by ARN, within {@link TagRules}.
 */
final class TagOperations {

    private static final Pattern ARN =
            Pattern.compile("arn:[^:]+:servicediscovery:[^:]*:[^:]*:(namespace|service)/[^/]+");
    private static final int MAX_ARN = 1011;

    private final Store store;

    TagOperations(Store store) {
        this.store = requireNonNull(store, "store");
    }

    void addTo(Map<String, Operation> operations) {
        operations.put("TagResource", this::tagResource);
        operations.put("UntagResource", this::untagResource);
        operations.put("ListTagsForResource", this::listTagsForResource);
    }

    private ObjectNode tagResource(Params request) {
        String arn = resourceArn(request);
        if (!request.has("Tags")) {
            throw request.invalid("Tags", "is required");
        }
        Map<String, String> added = TagRules.tags(request);
        change(arn, tags -> {
            tags.putAll(added);
            return TagRules.withinLimit(arn, tags);
        });
        return Answers.empty();
    }

    private ObjectNode untagResource(Params request) {
        String arn = resourceArn(request);
        if (!request.has("TagKeys")) {
            throw request.invalid("TagKeys", "is required");
        }
        List<String> keys = TagRules.keys(request);
        change(arn, tags -> {
            tags.keySet().removeAll(keys);
            return tags;
        });
        return Answers.empty();
    }

    private ObjectNode listTagsForResource(Params request) {
        String arn = resourceArn(request);
        Map<String, String> tags = store.read(tx -> tagsOf(tx, arn));
        ObjectNode answer = Answers.empty();
        ArrayNode array = answer.putArray("Tags");
        tags.forEach((key, value) -> array.addObject().put("Key", key).put("Value", value));
        return answer;
    }

    /**
     * The request's {@code ResourceARN}: the ARN of a Cloud Map namespace or service of the call's
     * region (another region's resource is not found from this one).
     */
    private static String resourceArn(Params request) {
        String arn = request.requiredString("ResourceARN");
        if (arn.length() > MAX_ARN || !ARN.matcher(arn).matches()) {
            throw request.invalid(
                    "ResourceARN",
                    "'" + arn + "' (expected: the ARN of a namespace or service,"
                            + " arn:aws:servicediscovery:REGION:ACCOUNT:namespace/ID or .../service/ID)");
        }
        if (!request.region().equals(Document.regionOf(arn))) {
            throw notFound(arn);
        }
        return arn;
    }

    private void change(String arn, UnaryOperator<Map<String, String>> change) {
        store.write(tx -> {
            Optional<Namespace> namespace = namespace(tx, arn);
            if (namespace.isPresent()) {
                namespace.get().tags(change.apply(namespace.get().tags())).save(tx);
                return null;
            }
            DiscoveryService service = service(tx, arn).orElseThrow(() -> notFound(arn));
            service.tags(change.apply(service.tags())).save(tx);
            return null;
        });
    }

    private static Map<String, String> tagsOf(Transaction tx, String arn) {
        Optional<Namespace> namespace = namespace(tx, arn);
        if (namespace.isPresent()) {
            return namespace.get().tags();
        }
        return service(tx, arn).map(DiscoveryService::tags).orElseThrow(() -> notFound(arn));
    }

    private static Optional<Namespace> namespace(Transaction tx, String arn) {
        return Namespace.find(tx, arn).filter(namespace -> namespace.arn().equals(arn));
    }

    private static Optional<DiscoveryService> service(Transaction tx, String arn) {
        return DiscoveryService.find(tx, arn).filter(service -> service.arn().equals(arn));
    }

    private static ApiException notFound(String arn) {
        return new ApiException("ResourceNotFoundException", "Resource '" + arn + "' not found.");
    }
}
