package dev.svcconnect.local.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.provider.SvcConnectProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives one custom resource event through the provider in-process, as the CDK provider
 * framework does on AWS: onEvent, then isComplete until it answers true, within a time limit.
 * Properties are given to the handlers as CloudFormation gives them to a custom resource, with
 * every scalar turned into a string.
 */
final class ProviderCalls {

    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    /**
     * The longest wait between two isComplete calls. A service reaches its steady state in 2-6 s
     * here, and every millisecond between that and the next call is added to the deploy; a call
     * is one DescribeServices on this machine's control plane, cheap at four a second.
     */
    private static final Duration LONGEST_POLL = Duration.ofMillis(250);

    private final SvcConnectProvider provider;
    private final Duration timeout;

    ProviderCalls(SvcConnectProvider provider, Duration timeout) {
        this.provider = requireNonNull(provider, "provider");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /** What a finished event answered. */
    record Answer(String physicalId, Map<String, Object> data) {}

    /**
     * Applies one event and waits for it to complete.
     *
     * @throws ResourceFailure with the handler's reason when it fails or does not finish in time
     */
    Answer apply(
            String requestType,
            String stackName,
            String type,
            String logicalId,
            String physicalId,
            JsonNode properties,
            JsonNode oldProperties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", requestType);
        event.put("ServiceToken", "svc-connect-local");
        event.put("ResponseURL", "local:");
        event.put("StackId", "arn:aws:cloudformation:us-east-1:000000000000:stack/" + stackName + "/local");
        event.put("RequestId", UUID.randomUUID().toString());
        event.put("ResourceType", type);
        event.put("LogicalResourceId", logicalId);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceProperties", stringified(properties));
        if (oldProperties != null) {
            event.put("OldResourceProperties", stringified(oldProperties));
        }
        String answered = null;
        try {
            Map<String, Object> answer = provider.onEvent(event);
            String newPhysicalId = String.valueOf(answer.getOrDefault("PhysicalResourceId", physicalId));
            Map<String, Object> data = new LinkedHashMap<>(map(answer.get("Data")));
            answered = newPhysicalId;
            event.put("PhysicalResourceId", newPhysicalId);
            event.put("Data", data);
            long deadline = System.nanoTime() + timeout.toNanos();
            Duration wait = FIRST_POLL;
            while (true) {
                Map<String, Object> check = provider.isComplete(event);
                if (Boolean.TRUE.equals(check.get("IsComplete"))) {
                    data.putAll(map(check.get("Data")));
                    return new Answer(newPhysicalId, data);
                }
                if (System.nanoTime() > deadline) {
                    throw new ResourceFailure(
                            type + " '" + logicalId + "' did not complete within " + timeout.toSeconds() + " s",
                            newPhysicalId,
                            null);
                }
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : wait.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceFailure("interrupted while waiting for " + type + " '" + logicalId + "'", answered, e);
        } catch (ResourceFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ResourceFailure(e.getMessage(), answered, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The properties as plain Java values, with scalars as strings. */
    private static Object stringified(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), stringified(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(stringified(n)));
            return list;
        }
        return node.isNull() ? null : node.asText();
    }
}
