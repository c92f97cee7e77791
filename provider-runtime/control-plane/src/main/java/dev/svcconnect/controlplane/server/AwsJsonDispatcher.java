package dev.svcconnect.controlplane.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.auth.AuditLog;
import dev.svcconnect.controlplane.auth.Authenticator;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.auth.SignedRequest;
import dev.svcconnect.controlplane.store.StoreException;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one AWS JSON 1.1 request: finds the API of its {@code X-Amz-Target}, checks the caller's
 * SigV4 signature and role ({@link Authenticator}), parses the body and answers the operation's
 * JSON (for the region of the signature's credential scope), or an AWS error body with its
 * status. Mutating calls and refused calls leave a line in the {@link AuditLog}.
 */
final class AwsJsonDispatcher {

    /** The answer: HTTP status, JSON body, and the operation name for the log. */
    record Answer(int status, byte[] body, String operation) {}

    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonDispatcher.class);

    /** The fields that name what a call acts on, for the audit log; the first one present is used. */
    private static final List<String> RESOURCE_FIELDS = List.of(
            "service",
            "serviceName",
            "taskDefinition",
            "family",
            "task",
            "cluster",
            "clusterName",
            "Name",
            "Id",
            "ServiceId",
            "NamespaceName",
            "AccessKeyId",
            "Cluster",
            "resourceArn",
            "ResourceARN");

    private final Map<String, AwsJsonApi> apis = new HashMap<>();
    private final Authenticator authenticator;
    private final AuditLog audit;

    AwsJsonDispatcher(List<AwsJsonApi> apis, Authenticator authenticator, AuditLog audit) {
        apis.forEach(api -> this.apis.put(api.targetPrefix(), api));
        this.authenticator = authenticator;
        this.audit = audit;
    }

    Answer dispatch(String target, SignedRequest request, String requestId) {
        String operationName = target == null ? "-" : target.substring(target.indexOf('.') + 1);
        Identity caller = null;
        Answer answer;
        try {
            AwsJsonApi api = apiOf(target);
            caller = authenticator.signed(request, api.targetPrefix());
            Authenticator.requireAllowed(caller, operationName);
            answer = run(api, operationName, target, request.body(), Authenticator.region(request), requestId);
        } catch (ApiException e) {
            answer = new Answer(e.status(), error(e.type(), e.getMessage()), operationName);
        } catch (StoreException e) {
            // The caller's key is read from the store: its failure is the same retryable 503.
            answer = storeFailed(e, operationName, requestId);
        }
        if (answer.status() == 403 || (caller != null && !Role.isRead(operationName))) {
            audit.record(
                    caller,
                    Authenticator.claimedKeyId(request.header("authorization")),
                    operationName,
                    resource(request.body()),
                    answer.status() == 200 ? "ok" : errorType(answer.body()));
        }
        return answer;
    }

    private AwsJsonApi apiOf(String target) {
        if (target == null || target.isEmpty()) {
            throw new ApiException(
                    "UnknownOperationException",
                    "X-Amz-Target: is required, e.g. " + "AmazonEC2ContainerServiceV20141113.ListClusters");
        }
        int dot = target.indexOf('.');
        AwsJsonApi api = dot < 0 ? null : apis.get(target.substring(0, dot));
        if (api == null) {
            throw new ApiException("UnknownOperationException", "X-Amz-Target: unknown operation '" + target + "'.");
        }
        return api;
    }

    private static Answer run(
            AwsJsonApi api, String operationName, String target, byte[] body, String region, String requestId) {
        try {
            Operation operation = api.operations().get(operationName);
            if (operation == null) {
                throw new ApiException(
                        "UnknownOperationException", "X-Amz-Target: unknown operation '" + target + "'.");
            }
            ObjectNode response = operation.handle(new Params(parse(body), api.invalidParameterType(), region));
            return new Answer(200, Json.mapper().writeValueAsBytes(response), operationName);
        } catch (ApiException e) {
            return new Answer(e.status(), error(e.type(), e.getMessage()), operationName);
        } catch (StoreException e) {
            return storeFailed(e, operationName, requestId);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.error("{} {}: unexpected failure", operationName, requestId, e);
            return new Answer(
                    500, error("ServerException", "Internal error; request id " + requestId + "."), operationName);
        }
    }

    /** 503: the store (PostgreSQL restarting, a disk with room again) comes back by itself; clients retry. */
    private static Answer storeFailed(StoreException e, String operationName, String requestId) {
        LOG.error("{} {}: the store failed: {}", operationName, requestId, e.getMessage());
        String why = e.diskFull() ? ": no space left on its disk, nothing was changed" : "";
        return new Answer(
                503,
                error("ServerException", "The store failed" + why + "; request id " + requestId + "."),
                operationName);
    }

    private static ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.mapper().createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException(
                    "SerializationException", "The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException("SerializationException", "The request body must be a JSON object.");
        }
        return object;
    }

    /** The name or id the request body names first (never a value), for the audit log. */
    private static String resource(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : Json.mapper().readTree(body);
            if (node != null && node.isObject()) {
                for (String field : RESOURCE_FIELDS) {
                    JsonNode value = node.get(field);
                    if (value != null && value.isTextual()) {
                        String text = value.asText();
                        return text.length() > 256 ? text.substring(0, 256) : text;
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: no resource
        }
        return null;
    }

    private static String errorType(byte[] answer) {
        try {
            return Json.mapper().readTree(answer).path("__type").asText("error");
        } catch (IOException e) {
            return "error";
        }
    }

    private static byte[] error(String type, String message) {
        return Reply.errorBody(type, message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
