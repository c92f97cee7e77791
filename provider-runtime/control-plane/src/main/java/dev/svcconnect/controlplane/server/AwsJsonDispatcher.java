package dev.svcconnect.controlplane.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.StoreException;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one AWS JSON 1.1 request: finds the operation of its {@code X-Amz-Target}, parses the
 * body and answers the operation's JSON, or an AWS error body with its status.
 */
final class AwsJsonDispatcher {

    /** The answer: HTTP status, JSON body, and the operation name for the log. */
    record Answer(int status, byte[] body, String operation) {}

    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonDispatcher.class);

    private final Map<String, AwsJsonApi> apis = new HashMap<>();

    AwsJsonDispatcher(List<AwsJsonApi> apis) {
        apis.forEach(api -> this.apis.put(api.targetPrefix(), api));
    }

    Answer dispatch(String target, byte[] body, String requestId) {
        String operationName = target == null ? "-" : target.substring(target.indexOf('.') + 1);
        try {
            if (target == null || target.isEmpty()) {
                throw new ApiException(
                        "UnknownOperationException",
                        "X-Amz-Target: is required, e.g. " + "AmazonEC2ContainerServiceV20141113.ListClusters");
            }
            int dot = target.indexOf('.');
            AwsJsonApi api = dot < 0 ? null : apis.get(target.substring(0, dot));
            Operation operation = api == null ? null : api.operations().get(target.substring(dot + 1));
            if (operation == null) {
                throw new ApiException(
                        "UnknownOperationException", "X-Amz-Target: unknown operation '" + target + "'.");
            }
            ObjectNode response = operation.handle(new Params(parse(body), api.invalidParameterType()));
            return new Answer(200, Json.mapper().writeValueAsBytes(response), operationName);
        } catch (ApiException e) {
            return new Answer(e.status(), error(e.type(), e.getMessage()), operationName);
        } catch (StoreException e) {
            // 503: the store (PostgreSQL restarting, a disk with room again) comes back by itself; clients retry.
            LOG.error("{} {}: the store failed: {}", operationName, requestId, e.getMessage());
            String why = e.diskFull() ? ": no space left on its disk, nothing was changed" : "";
            return new Answer(
                    503,
                    error("ServerException", "The store failed" + why + "; request id " + requestId + "."),
                    operationName);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.error("{} {}: unexpected failure", operationName, requestId, e);
            return new Answer(
                    500, error("ServerException", "Internal error; request id " + requestId + "."), operationName);
        }
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
