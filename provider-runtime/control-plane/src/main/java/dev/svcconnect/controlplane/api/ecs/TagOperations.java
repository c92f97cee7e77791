package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Document;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and ListTagsForResource on clusters, services, task definitions,
 * tasks and container instances, by ARN, in the call's region. A resource holds at most {@value Tags#MAX_TAGS} tags of its own; the managed
 * {@code aws:ecs:} tags of a task do not count and cannot be changed.
 */
final class TagOperations {

    private static final Pattern ARN = Pattern.compile(
            "arn:aws:ecs:[a-z0-9-]+:[0-9]{12}:(cluster|service|task-definition|task|container-instance)/(.+)");

    /** A stored resource that carries tags, and how to write it back. */
    private record Tagged(ObjectNode json, Consumer<Transaction> save) {}

    private final Store store;

    TagOperations(Store store) {
        this.store = store;
    }

    ObjectNode tag(Params request) {
        String arn = request.requiredString("resourceArn");
        if (!request.has("tags")) {
            throw request.invalid("tags", "is required");
        }
        Map<String, String> added = Tags.read(request, "tags");
        store.write(tx -> {
            Tagged resource = find(tx, request, arn);
            Map<String, String> tags = Tags.of(resource.json());
            tags.putAll(added);
            long own = tags.keySet().stream().filter(k -> !isManaged(k)).count();
            if (own > Tags.MAX_TAGS) {
                throw request.invalid("tags", own + " tags on the resource (expected: at most " + Tags.MAX_TAGS + ")");
            }
            resource.json().set("tags", Tags.toJson(tags));
            resource.save().accept(tx);
            return null;
        });
        return Json.mapper().createObjectNode();
    }

    ObjectNode untag(Params request) {
        String arn = request.requiredString("resourceArn");
        List<String> keys = request.strings("tagKeys", 1, Tags.MAX_TAGS);
        for (int i = 0; i < keys.size(); i++) {
            Tags.key(request, "tagKeys[" + i + "]", keys.get(i));
        }
        store.write(tx -> {
            Tagged resource = find(tx, request, arn);
            Map<String, String> tags = Tags.of(resource.json());
            keys.forEach(tags::remove);
            resource.json().set("tags", Tags.toJson(tags));
            resource.save().accept(tx);
            return null;
        });
        return Json.mapper().createObjectNode();
    }

    ObjectNode list(Params request) {
        String arn = request.requiredString("resourceArn");
        ObjectNode response = Json.mapper().createObjectNode();
        Map<String, String> tags =
                store.read(tx -> Tags.of(find(tx, request, arn).json()));
        response.set("tags", Tags.toJson(tags));
        return response;
    }

    /**
     * The resource with this ARN, of the call's region: ClusterNotFoundException or
     * ResourceNotFoundException when there is none.
     */
    private static Tagged find(Transaction tx, Params request, String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw request.invalid(
                    "resourceArn",
                    "'" + arn
                            + "' (expected: the ARN of an ECS cluster, service, task definition, task or container"
                            + " instance)");
        }
        boolean here = request.region().equals(Document.regionOf(arn));
        String resource = m.group(2);
        if (m.group(1).equals("cluster")) {
            Cluster cluster = Cluster.find(tx, arn)
                    .filter(c -> here && c.isActive())
                    .orElseThrow(() -> new ApiException("ClusterNotFoundException", "Cluster not found: " + arn + "."));
            return new Tagged(cluster.json(), cluster::save);
        }
        Optional<Tagged> found = switch (m.group(1)) {
            case "service" -> Service.find(tx, arn).filter(Service::isLive).map(s -> new Tagged(s.json(), s::save));
            case "task-definition" ->
                TaskDefinition.find(tx, arn)
                        .filter(t -> resource.contains(":"))
                        .map(t -> new Tagged(t.json(), t::save));
            case "container-instance" ->
                Host.find(tx, arn)
                        .filter(h -> h.arn().equals(arn) && h.isActive())
                        .map(h -> new Tagged(h.json(), h::save));
            default -> Task.find(tx, resource).filter(t -> t.arn().equals(arn)).map(t -> new Tagged(t.json(), t::save));
        };
        if (!here) {
            found = Optional.empty();
        }
        return found.orElseThrow(() -> new ApiException(
                "ResourceNotFoundException", "The specified resource could not be found: " + arn + "."));
    }

    private static boolean isManaged(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith("aws:");
    }
}
