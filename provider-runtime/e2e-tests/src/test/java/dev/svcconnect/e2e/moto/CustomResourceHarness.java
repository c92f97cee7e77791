package dev.svcconnect.e2e.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.svcconnect.local.engine.ResourceListener;
import dev.svcconnect.model.Json;
import dev.svcconnect.provider.SvcConnectProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What answers the custom resources of a stack that moto's CloudFormation creates: it plays the
 * Lambda function of their {@code ServiceToken} (moto relays each invocation's event here, see
 * {@code moto/lambda_relay.py}) and the CDK provider framework behind it. For each event it calls
 * our handler in-process ({@link SvcConnectProvider#onEvent}, then {@link SvcConnectProvider#isComplete}
 * until done) against a real control plane, and PUTs the response to the event's pre-signed
 * {@code ResponseURL}, as the framework does.
 *
 * <p>Where moto 5.x's CloudFormation differs from AWS's, the harness does what CloudFormation
 * would (docs/local-engine.md, "The template on moto's CloudFormation"):
 * <ul>
 *   <li>moto invokes every custom resource at once, without waiting for those it depends on:
 *       an event waits here until the custom resources it references ({@code Ref},
 *       {@code Fn::GetAtt}, {@code DependsOn}) have succeeded;</li>
 *   <li>moto resolves {@code Ref} of a custom resource to a name of its own and
 *       {@code Fn::GetAtt} to nothing (it ignores the response's {@code PhysicalResourceId} and
 *       reads {@code Data} only after the dependent was invoked): the harness puts in the
 *       physical ids and data our handler answered;</li>
 *   <li>moto deletes a custom resource without invoking its function: {@link #deleteAll} sends
 *       the Delete events, in the reverse order of creation.</li>
 * </ul>
 * Hosts: the resources' {@link ResourceListener} (the local engine's agents) gives a host fleet
 * and Fargate services their host agents before their handler runs, as the local engine does.
 */
final class CustomResourceHarness implements AutoCloseable {

    private static final Duration DEPENDENCY_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final JsonNode resources;
    private final SvcConnectProvider provider;
    private final ResourceListener capacity;
    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> physicalIds = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> data = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> appliedProperties = new ConcurrentHashMap<>();
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    /**
     * A harness for the stack of {@code template}, calling {@code provider} and giving resources
     * their hosts through {@code capacity}; it listens on a free loopback port.
     */
    CustomResourceHarness(JsonNode template, SvcConnectProvider provider, ResourceListener capacity)
            throws IOException {
        this.resources = template.path("Resources");
        this.provider = provider;
        this.capacity = capacity;
        // One worker per custom resource: each waits for its dependencies, as CloudFormation does.
        int customResources = (int) customResourceIds().size();
        this.workers = Executors.newFixedThreadPool(Math.max(1, customResources));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/invoke/", this::invoked);
        server.start();
    }

    /** Where moto relays a Lambda invocation (the function's name appended). */
    String relayUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke";
    }

    /** The custom resources that failed, by logical id, with the reason sent to CloudFormation. */
    Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /** The physical ids our handler answered, by logical id. */
    Map<String, String> physicalIds() {
        return Map.copyOf(physicalIds);
    }

    /**
     * Deletes every created custom resource as CloudFormation's Delete events would, newest first
     * (moto deletes them without invoking their function).
     */
    void deleteAll() {
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        for (String logicalId : newestFirst) {
            String type = resources.path(logicalId).path("Type").asText();
            JsonNode properties = appliedProperties.get(logicalId);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("RequestType", "Delete");
            event.put("ResourceType", type);
            event.put("LogicalResourceId", logicalId);
            event.put("PhysicalResourceId", physicalIds.get(logicalId));
            event.put("ResourceProperties", Json.mapper().convertValue(properties, Map.class));
            complete(event);
            capacity.afterDelete(logicalId, type, properties);
            created.remove(logicalId);
        }
    }

    private void invoked(HttpExchange exchange) throws IOException {
        JsonNode event;
        try (InputStream in = exchange.getRequestBody()) {
            event = Json.mapper().readTree(in);
        }
        // Custom resources are invoked asynchronously ("Event"): accept, then work.
        byte[] accepted = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(202, accepted.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(accepted);
        }
        workers.submit(() -> answer((ObjectNode) event));
    }

    private void answer(ObjectNode event) {
        String logicalId = event.path("LogicalResourceId").asText();
        String responseUrl = event.path("ResponseURL").asText();
        try {
            if (!"Create".equals(event.path("RequestType").asText())) {
                throw new IllegalStateException(
                        "moto sent a " + event.path("RequestType").asText()
                                + " event; the harness answers Create (moto sends no other)");
            }
            awaitDependencies(logicalId);
            JsonNode template = resources.path(logicalId).path("Properties");
            JsonNode properties = resolve(template, event.path("ResourceProperties"));
            String type = event.path("ResourceType").asText();
            capacity.beforeApply(logicalId, type, properties);
            Map<String, Object> call = Json.mapper().convertValue(event, Map.class);
            call.put("ResourceProperties", Json.mapper().convertValue(properties, Map.class));
            Map<String, Object> answer = complete(call);
            physicalIds.put(logicalId, String.valueOf(answer.get("PhysicalResourceId")));
            data.put(logicalId, dataOf(answer));
            appliedProperties.put(logicalId, properties);
            created.add(logicalId);
            respond(responseUrl, event, "SUCCESS", null, answer);
        } catch (RuntimeException e) {
            failures.put(logicalId, String.valueOf(e.getMessage()));
            respond(responseUrl, event, "FAILED", String.valueOf(e.getMessage()), Map.of());
        }
    }

    /** onEvent, then isComplete until it says done, as the provider framework's state machine does. */
    private Map<String, Object> complete(Map<String, Object> event) {
        Map<String, Object> started = provider.onEvent(event);
        Map<String, Object> waiting = new LinkedHashMap<>(event);
        waiting.put("PhysicalResourceId", started.get("PhysicalResourceId"));
        waiting.put("Data", started.getOrDefault("Data", Map.of()));
        long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
        while (true) {
            Map<String, Object> check = provider.isComplete(waiting);
            if (Boolean.TRUE.equals(check.get("IsComplete"))) {
                Map<String, Object> merged = new LinkedHashMap<>(dataOf(started));
                merged.putAll(dataOf(check));
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("PhysicalResourceId", started.get("PhysicalResourceId"));
                answer.put("Data", merged);
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        event.get("LogicalResourceId") + " did not complete within " + COMPLETION_TIMEOUT);
            }
            sleep();
        }
    }

    private void awaitDependencies(String logicalId) {
        Set<String> dependencies = dependenciesOf(logicalId);
        long deadline = System.nanoTime() + DEPENDENCY_TIMEOUT.toNanos();
        while (!physicalIds.keySet().containsAll(dependencies)) {
            for (String dependency : dependencies) {
                if (failures.containsKey(dependency)) {
                    throw new IllegalStateException(logicalId + ": its dependency " + dependency + " failed");
                }
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new LinkedHashSet<>(dependencies);
                missing.removeAll(physicalIds.keySet());
                throw new IllegalStateException(logicalId + ": waited " + DEPENDENCY_TIMEOUT + " for " + missing);
            }
            sleep();
        }
    }

    /** The custom resources {@code logicalId} depends on: DependsOn, and Ref and Fn::GetAtt in its properties. */
    private Set<String> dependenciesOf(String logicalId) {
        JsonNode resource = resources.path(logicalId);
        Set<String> found = new LinkedHashSet<>();
        JsonNode dependsOn = resource.path("DependsOn");
        if (dependsOn.isTextual()) {
            found.add(dependsOn.asText());
        }
        dependsOn.forEach(d -> found.add(d.asText()));
        collectReferences(resource.path("Properties"), found);
        found.retainAll(customResourceIds());
        return found;
    }

    private static void collectReferences(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            if (node.has("Ref")) {
                found.add(node.get("Ref").asText());
            }
            if (node.has("Fn::GetAtt")) {
                found.add(node.get("Fn::GetAtt").path(0).asText());
            }
            node.forEach(child -> collectReferences(child, found));
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, found));
        }
    }

    /**
     * moto's resolved properties, with each {@code Ref} and {@code Fn::GetAtt} of a custom
     * resource replaced by what our handler answered for it.
     */
    private JsonNode resolve(JsonNode template, JsonNode resolved) {
        if (template.isObject() && template.size() == 1 && template.has("Ref")) {
            String target = template.get("Ref").asText();
            return physicalIds.containsKey(target) ? TextNode.valueOf(physicalIds.get(target)) : resolved;
        }
        if (template.isObject() && template.size() == 1 && template.has("Fn::GetAtt")) {
            String target = template.get("Fn::GetAtt").path(0).asText();
            String attribute = template.get("Fn::GetAtt").path(1).asText();
            if (data.containsKey(target)) {
                return Json.mapper().valueToTree(data.get(target).get(attribute));
            }
            return resolved;
        }
        if (template.isObject() && resolved.isObject()) {
            ObjectNode out = ((ObjectNode) resolved).deepCopy();
            template.fields().forEachRemaining(field -> {
                if (resolved.has(field.getKey())) {
                    out.set(field.getKey(), resolve(field.getValue(), resolved.get(field.getKey())));
                }
            });
            return out;
        }
        if (template.isArray() && resolved.isArray() && template.size() == resolved.size()) {
            ArrayNode out = Json.mapper().createArrayNode();
            for (int i = 0; i < template.size(); i++) {
                out.add(resolve(template.get(i), resolved.get(i)));
            }
            return out;
        }
        return resolved;
    }

    private Set<String> customResourceIds() {
        Set<String> ids = new LinkedHashSet<>();
        resources.fields().forEachRemaining(r -> {
            if (r.getValue().path("Type").asText().startsWith("Custom::")) {
                ids.add(r.getKey());
            }
        });
        return ids;
    }

    /** PUTs the custom resource response to the event's pre-signed ResponseURL. */
    private void respond(String responseUrl, JsonNode event, String status, String reason, Map<String, Object> answer) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("Status", status);
        if (reason != null) {
            body.put("Reason", reason);
        }
        Object physicalId = answer.get("PhysicalResourceId");
        body.put(
                "PhysicalResourceId",
                physicalId == null ? event.path("LogicalResourceId").asText() : physicalId.toString());
        body.put("StackId", event.path("StackId").asText());
        body.put("RequestId", event.path("RequestId").asText());
        body.put("LogicalResourceId", event.path("LogicalResourceId").asText());
        body.set("Data", Json.mapper().valueToTree(answer.getOrDefault("Data", Map.of())));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(responseUrl))
                            // A pre-signed S3 URL is signed for an empty content type.
                            .header("Content-Type", "")
                            .timeout(Duration.ofSeconds(30))
                            .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failures.put(
                        event.path("LogicalResourceId").asText(),
                        "ResponseURL answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            failures.put(event.path("LogicalResourceId").asText(), "ResponseURL failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataOf(Map<String, Object> answer) {
        Object value = answer.get("Data");
        return value instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
