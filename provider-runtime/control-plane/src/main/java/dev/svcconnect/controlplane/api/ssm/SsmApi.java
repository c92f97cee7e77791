package dev.svcconnect.controlplane.api.ssm;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.controlplane.api.AwsJsonApi;
import dev.svcconnect.controlplane.api.Operation;
import dev.svcconnect.controlplane.store.Store;
import java.util.HashMap;
import java.util.Map;

/**
 * The Parameter Store subset of SSM ({@code AmazonSSM.*}) that task secrets need, with the field
 * names, limits and errors of the SSM API reference: {@code PutParameter}, {@code DeleteParameter}
 * and {@code DeleteParameters} ({@code ParameterWrites}); {@code GetParameter}, {@code
 * GetParameters} and {@code DescribeParameters} ({@code ParameterReads}).
 */
public final class SsmApi {

    /** The {@code X-Amz-Target} prefix of SSM. */
    public static final String TARGET_PREFIX = "AmazonSSM";

    /** SSM's error type for a missing or malformed field. */
    static final String VALIDATION = "ValidationException";

    private final Store store;
    private final ParameterStore parameters;

    public SsmApi(Store store, ParameterStore parameters) {
        this.store = requireNonNull(store, "store");
        this.parameters = requireNonNull(parameters, "parameters");
    }

    /** The operations, by name. */
    public AwsJsonApi api() {
        Map<String, Operation> operations = new HashMap<>();
        new ParameterWrites(store, parameters).addTo(operations);
        new ParameterReads(store, parameters).addTo(operations);
        return new AwsJsonApi(TARGET_PREFIX, VALIDATION, operations);
    }
}
