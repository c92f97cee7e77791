package dev.svcconnect.provider;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The CloudFormation request types of a custom resource event. */
public enum RequestType {
    CREATE("Create"),
    UPDATE("Update"),
    DELETE("Delete");

    private final String wireName;

    RequestType(String wireName) {
        this.wireName = wireName;
    }

    /** The name CloudFormation sends: {@code Create}, {@code Update} or {@code Delete}. */
    public String wireName() {
        return wireName;
    }

    /** The request type named {@code value}, or a {@link ProviderException} naming the allowed ones. */
    public static RequestType fromWireName(Object value) {
        for (RequestType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw new ProviderException("RequestType: " + (value == null ? "is required" : "'" + value + "'")
                + " (expected: "
                + Arrays.stream(values()).map(RequestType::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
