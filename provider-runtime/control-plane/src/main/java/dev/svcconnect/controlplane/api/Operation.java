package dev.svcconnect.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One API operation: a request object in, a response object out, or an {@link ApiException}. */
@FunctionalInterface
public interface Operation {

    ObjectNode handle(Params request);
}
