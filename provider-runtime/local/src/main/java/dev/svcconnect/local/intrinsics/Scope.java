package dev.svcconnect.local.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;

/** What intrinsic functions read: parameters, resources' ids and attributes, other stacks' exports. */
public interface Scope {

    /** The value of a parameter or pseudo parameter ({@code AWS::Region}), or null if there is none. */
    JsonNode parameter(String name);

    /** Whether {@code logicalId} is a resource of the template. */
    boolean isResource(String logicalId);

    /** {@code Ref} of a resource: its physical id. */
    String physicalId(String logicalId);

    /** {@code Fn::GetAtt} of a resource. */
    JsonNode attribute(String logicalId, String attribute);

    /** {@code Fn::ImportValue}: the value another stack exports under {@code exportName}. */
    String importValue(String exportName);
}
