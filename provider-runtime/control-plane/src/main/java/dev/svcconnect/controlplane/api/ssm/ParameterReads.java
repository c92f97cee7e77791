package dev.svcconnect.controlplane.api.ssm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Map;

/**
 * {@code GetParameter}, {@code GetParameters} and {@code DescribeParameters}. A SecureString's
 * value is answered in the clear only with {@code WithDecryption}; without it, as SSM answers its
 * KMS ciphertext, the value sealed with the data key. {@code DescribeParameters} answers metadata,
 * never a value.
 */
final class ParameterReads {

    private static final int MAX_NAMES = 10;
    private static final int MAX_DESCRIBE_RESULTS = 50;

    private final Store store;
    private final ParameterStore parameters;

    ParameterReads(Store store, ParameterStore parameters) {
        this.store = store;
        this.parameters = parameters;
    }

    void addTo(Map<String, Operation> operations) {
        operations.put("GetParameter", this::get);
        operations.put("GetParameters", this::getMany);
        operations.put("DescribeParameters", this::describe);
    }

    static ApiException notFound(String name) {
        return new ApiException("ParameterNotFound", "Parameter " + name + " not found.");
    }

    private ObjectNode get(Params request) {
        String name = request.requiredString("Name");
        boolean decrypt = request.bool("WithDecryption", false);
        Parameter parameter = store.read(tx -> parameters.find(tx, name)).orElseThrow(() -> notFound(name));
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("Parameter", answer(parameter, decrypt));
        return response;
    }

    private ObjectNode getMany(Params request) {
        List<String> names = request.strings("Names", 1, MAX_NAMES);
        boolean decrypt = request.bool("WithDecryption", false);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode found = response.putArray("Parameters");
        ArrayNode invalid = response.putArray("InvalidParameters");
        store.read(tx -> {
            for (String name : names) {
                parameters
                        .find(tx, name)
                        .ifPresentOrElse(parameter -> found.add(answer(parameter, decrypt)), () -> invalid.add(name));
            }
            return null;
        });
        return response;
    }

    private ObjectNode answer(Parameter parameter, boolean decrypt) {
        String value = parameter.isSecure() && !decrypt ? parameter.sealedValue() : parameters.reveal(parameter);
        return parameter.withValue(value, parameters.arn(parameter));
    }

    private ObjectNode describe(Params request) {
        if (request.has("Filters")) {
            throw request.invalid("Filters", "is deprecated and not served here (expected: ParameterFilters)");
        }
        ParameterFilters filters = ParameterFilters.of(request);
        List<ObjectNode> matching = store.read(tx -> Parameter.all(tx).stream()
                .filter(filters::matches)
                .map(parameter -> parameter.metadata(parameters.arn(parameter)))
                .toList());
        Pages<ObjectNode> page;
        try {
            page = Pages.of(matching, request, "MaxResults", "NextToken", MAX_DESCRIBE_RESULTS, MAX_DESCRIBE_RESULTS);
        } catch (ApiException e) {
            if (e.getMessage().startsWith("NextToken")) {
                throw new ApiException("InvalidNextToken", "NextToken: not a token DescribeParameters gave.");
            }
            throw e;
        }
        ObjectNode response = Json.mapper().createObjectNode();
        response.putArray("Parameters").addAll(page.items());
        if (page.nextToken() != null) {
            response.put("NextToken", page.nextToken());
        }
        return response;
    }
}
